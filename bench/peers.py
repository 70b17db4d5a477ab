# The CI checks bench/ with only the test extra installed, where msgspec and
# pydantic are missing; these settings keep mypy --strict clean either way.
# mypy: disable-error-code="import-not-found, call-arg, no-any-return, misc"
"""The agreement's JSON form modelled in msgspec and in pydantic, for the codec benchmark.

Both peers read and write the same documents as `msa_model` and check what
their libraries can express declaratively: unknown keys are refused,
tagged unions are chosen by `kind`, decimals are read from strings into
`Decimal`, days into `dt.date`, enums by value; ids, names, texts,
lengths (`P36M`, `PT4H`), times of day, currencies, zones and countries
are matched against regular expressions, and counts against bounds.

Neither peer checks the rules that need more than one field (tiers in
order, references between sections, exactly one provider and client) or
knows which currencies and time zones exist; msgspec cannot bound
decimals either. Lengths and times of day stay strings. So the peers do
less work than `msa_model`: the ratios are an upper bound on our overhead.

The enums are `msa_model`'s own, so every peer yields the same members.
Annotations are evaluated at runtime (no `from __future__ import
annotations`) because both libraries build their decoders from them.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Final, Literal, TypeVar

import msgspec
from msgspec import Meta
from pydantic import BaseModel, ConfigDict, Field

from msa_model import (
    AdjustmentTiming,
    Alignment,
    BillingFrequency,
    BillingTiming,
    MeasurementPeriod,
    PartyRole,
    RenewalMode,
    ResponsibilityCategory,
    RollConvention,
    Rounding,
    ServiceCategory,
    TierMode,
    Unit,
    Weekday,
)

__all__ = ["MsgspecPeer", "PydanticPeer"]

# Patterns are searched, so each is anchored; none uses look-around, which
# pydantic's Rust regex engine lacks.
ID: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
NOT_BLANK: Final = r"\S"
PERIOD: Final = (
    r"^P(?:\d{1,4}Y(?:\d{1,4}M)?(?:\d{1,4}W)?(?:\d{1,4}D)?"
    r"|\d{1,4}M(?:\d{1,4}W)?(?:\d{1,4}D)?|\d{1,4}W(?:\d{1,4}D)?|\d{1,4}D)$"
)
BUSINESS_TIME: Final = r"^PT(?:\d{1,6}H(?:\d{1,6}M)?(?:\d{1,8}S)?|\d{1,6}M(?:\d{1,8}S)?|\d{1,8}S)$"
TIME_OF_DAY: Final = r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$"
CURRENCY: Final = r"^[A-Z]{3}$"
ZONE: Final = r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*$"
COUNTRY: Final = r"^[A-Z]{2}$"
SUBDIVISION: Final = r"^[A-Z0-9]{1,3}$"
MAX_ID: Final = 64
MAX_NAME: Final = 500
MAX_TEXT: Final = 20_000
MAX_ITEMS: Final = 10_000
MAX_UNIT: Final = 9999
MAX_QUANTITY: Final = 10_000_000

T = TypeVar("T")

# ---------------------------------------------------------------- msgspec

SId = Annotated[str, Meta(pattern=ID, max_length=MAX_ID)]
SName = Annotated[str, Meta(pattern=NOT_BLANK, max_length=MAX_NAME)]
SText = Annotated[str, Meta(pattern=NOT_BLANK, max_length=MAX_TEXT)]
SPeriod = Annotated[str, Meta(pattern=PERIOD)]
SBusinessTime = Annotated[str, Meta(pattern=BUSINESS_TIME)]
STimeOfDay = Annotated[str, Meta(pattern=TIME_OF_DAY)]
SZone = Annotated[str, Meta(pattern=ZONE)]
SQuantity = Annotated[int, Meta(ge=0, le=MAX_QUANTITY)]
SItems = Annotated[tuple[T, ...], Meta(max_length=MAX_ITEMS)]
SSome = Annotated[tuple[T, ...], Meta(min_length=1, max_length=MAX_ITEMS)]


class _Struct(
    msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True
):
    """Settings every struct shares (subclasses inherit them)."""


class MoneyStruct(_Struct, frozen=True):
    amount: Decimal
    currency: Annotated[str, Meta(pattern=CURRENCY)]


class BusinessDaysStruct(_Struct, frozen=True):
    business_days: Annotated[int, Meta(ge=0, le=MAX_UNIT)]


SNoticeLength = SPeriod | BusinessDaysStruct
STargetLength = SBusinessTime | BusinessDaysStruct


class PartyStruct(_Struct, frozen=True):
    id: SId
    role: PartyRole
    legal_name: SName
    address: SText | None = None
    contact: SName | None = None


class RenewalStruct(_Struct, frozen=True):
    mode: RenewalMode
    length: SPeriod | None = None
    max_renewals: Annotated[int, Meta(ge=1)] | None = None


class NoticeStruct(_Struct, frozen=True):
    length: SNoticeLength
    roll: RollConvention = RollConvention.NONE


class FixedTerminationFeeStruct(_Struct, tag_field="kind", tag="fixed", frozen=True):
    amount: MoneyStruct


class RemainingFeesTerminationFeeStruct(
    _Struct, tag_field="kind", tag="remaining_fees", frozen=True
):
    percent: Decimal


class MonthlyFeesTerminationFeeStruct(_Struct, tag_field="kind", tag="monthly_fees", frozen=True):
    months: Annotated[int, Meta(ge=1, le=120)]


SEarlyTerminationFee = (
    FixedTerminationFeeStruct | RemainingFeesTerminationFeeStruct | MonthlyFeesTerminationFeeStruct
)


class ConvenienceTerminationStruct(_Struct, frozen=True):
    parties: SSome[PartyRole]
    notice: NoticeStruct
    alignment: Alignment = Alignment.NONE
    minimum_term: SPeriod | None = None
    early_termination_fee: SEarlyTerminationFee | None = None


class CauseTerminationStruct(_Struct, frozen=True):
    cure: SNoticeLength
    parties: SSome[PartyRole] = (PartyRole.PROVIDER, PartyRole.CLIENT)


class NonPaymentTerminationStruct(_Struct, frozen=True):
    overdue: SNoticeLength
    cure: SNoticeLength


class TerminationRightsStruct(_Struct, frozen=True):
    convenience: ConvenienceTerminationStruct | None = None
    cause: CauseTerminationStruct | None = None
    non_payment: NonPaymentTerminationStruct | None = None


class OpeningWindowStruct(_Struct, frozen=True):
    days: Annotated[tuple[Weekday, ...], Meta(min_length=1, max_length=7)]
    start: STimeOfDay
    end: STimeOfDay


class PublicHolidaysStruct(_Struct, frozen=True):
    country: Annotated[str, Meta(pattern=COUNTRY)]
    subdivision: Annotated[str, Meta(pattern=SUBDIVISION)] | None = None


class BusinessCalendarStruct(_Struct, frozen=True):
    id: SId
    zone: SZone
    windows: Annotated[tuple[OpeningWindowStruct, ...], Meta(min_length=1, max_length=100)]
    holidays: Annotated[tuple[dt.date, ...], Meta(max_length=5000)] = ()
    public_holidays: PublicHolidaysStruct | None = None
    name: SName | None = None


class TermStruct(_Struct, frozen=True):
    start: dt.date
    initial: SPeriod
    renewal: RenewalStruct
    notice: NoticeStruct | None = None
    termination: TerminationRightsStruct = TerminationRightsStruct()
    transition: SPeriod | None = None
    calendar: BusinessCalendarStruct | None = None


class ServiceStruct(_Struct, frozen=True):
    id: SId
    name: SName
    category: ServiceCategory
    unit: Unit
    description: SText | None = None
    coverage: SId | None = None
    sla_applies: bool = True
    locations: SItems[SId] = ()


class ExclusionStruct(_Struct, frozen=True):
    id: SId
    description: SText
    services: SItems[SId] = ()


class ClientRequirementStruct(_Struct, frozen=True):
    id: SId
    description: SText
    services: SItems[SId] = ()


class LocationStruct(_Struct, frozen=True):
    id: SId
    name: SName
    address: SText | None = None


class ServiceScopeStruct(_Struct, frozen=True):
    services: SSome[ServiceStruct]
    exclusions: SItems[ExclusionStruct] = ()
    client_requirements: SItems[ClientRequirementStruct] = ()
    locations: SItems[LocationStruct] = ()


class PriorityTargetStruct(_Struct, frozen=True):
    id: SId
    name: SName
    calendar: SId
    response: STargetLength
    resolution: STargetLength | None = None
    description: SText | None = None


class SupportLevelStruct(_Struct, frozen=True):
    id: SId
    name: SName
    description: SText | None = None


class EscalationStepStruct(_Struct, frozen=True):
    level: SId
    after: STargetLength
    contact: SName | None = None


class CreditTierStruct(_Struct, frozen=True):
    below: Decimal
    credit: Decimal


class AvailabilityTargetStruct(_Struct, frozen=True):
    service: SId
    target: Decimal
    measurement: MeasurementPeriod = MeasurementPeriod.MONTH
    maintenance: SItems[OpeningWindowStruct] = ()
    tiers: SItems[CreditTierStruct] = ()
    cap: Decimal | None = None


class SLAStruct(_Struct, frozen=True):
    zone: SZone
    calendars: SSome[BusinessCalendarStruct]
    priorities: SSome[PriorityTargetStruct]
    support_levels: SItems[SupportLevelStruct] = ()
    escalation: SItems[EscalationStepStruct] = ()
    availability: SItems[AvailabilityTargetStruct] = ()
    rolling_cap: Decimal | None = None


class RecurringFeeStruct(_Struct, tag_field="kind", tag="recurring", frozen=True):
    id: SId
    description: SName
    amount: MoneyStruct
    per: BillingFrequency = BillingFrequency.MONTHLY
    service: SId | None = None


class PriceTierStruct(_Struct, frozen=True):
    up_to: Annotated[int, Meta(ge=1, le=MAX_QUANTITY)] | None
    unit_price: MoneyStruct


class PerUnitFeeStruct(_Struct, tag_field="kind", tag="per_unit", frozen=True):
    id: SId
    description: SName
    unit: Unit
    unit_price: MoneyStruct | None = None
    tiers: SItems[PriceTierStruct] = ()
    tier_mode: TierMode | None = None
    included: SQuantity = 0
    minimum: SQuantity = 0
    per: BillingFrequency = BillingFrequency.MONTHLY
    service: SId | None = None


class HourlyRateStruct(_Struct, tag_field="kind", tag="hourly", frozen=True):
    id: SId
    description: SName
    role: SName
    rate: MoneyStruct
    after_hours_multiplier: Decimal = Decimal(1)
    business_hours: SId | None = None
    increment_minutes: Annotated[int, Meta(ge=1, le=1440)] = 1
    minimum_minutes: Annotated[int, Meta(ge=0, le=1440 * 7)] = 0
    service: SId | None = None


class OneTimeFeeStruct(_Struct, tag_field="kind", tag="one_time", frozen=True):
    id: SId
    description: SName
    amount: MoneyStruct
    billed_on: dt.date | None = None
    service: SId | None = None


class BlockOfHoursStruct(_Struct, tag_field="kind", tag="block", frozen=True):
    id: SId
    description: SName
    hours: Annotated[int, Meta(ge=1, le=MAX_QUANTITY)]
    price: MoneyStruct
    per: BillingFrequency | None = None
    rollover: bool = False
    rollover_cap: Annotated[int, Meta(ge=1, le=MAX_QUANTITY)] | None = None
    expires_after: SPeriod | None = None
    overage: SId | None = None
    service: SId | None = None


SFeeLine = (
    RecurringFeeStruct | PerUnitFeeStruct | HourlyRateStruct | OneTimeFeeStruct | BlockOfHoursStruct
)


class BillingPolicyStruct(_Struct, frozen=True):
    frequency: BillingFrequency = BillingFrequency.MONTHLY
    timing: BillingTiming = BillingTiming.ADVANCE
    anchor: dt.date | None = None


class LateFeeStruct(_Struct, frozen=True):
    percent_per_month: Decimal
    grace: SPeriod = "P0D"
    minimum: MoneyStruct | None = None


class PercentageAdjustmentStruct(_Struct, tag_field="kind", tag="percentage", frozen=True):
    percent: Decimal
    at: AdjustmentTiming
    lines: SItems[SId] = ()


class IndexAdjustmentStruct(_Struct, tag_field="kind", tag="index", frozen=True):
    index: SName
    at: AdjustmentTiming
    cap: Decimal | None = None
    floor: Decimal | None = None
    lines: SItems[SId] = ()


class FeeScheduleStruct(_Struct, frozen=True):
    currency: Annotated[str, Meta(pattern=CURRENCY)]
    lines: SSome[SFeeLine]
    payment_terms: SNoticeLength
    billing: BillingPolicyStruct = BillingPolicyStruct()
    late_fee: LateFeeStruct | None = None
    adjustments: SItems[PercentageAdjustmentStruct | IndexAdjustmentStruct] = ()
    rounding: Rounding = Rounding.HALF_UP


class RaciStruct(_Struct, frozen=True):
    responsible: SSome[PartyRole]
    accountable: Annotated[tuple[PartyRole, ...], Meta(min_length=1, max_length=1)]
    consulted: SItems[PartyRole] = ()
    informed: SItems[PartyRole] = ()


class RecurrenceStruct(_Struct, frozen=True):
    every: SPeriod
    anchor: dt.date | None = None


class ResponsibilityStruct(_Struct, frozen=True):
    id: SId
    party: PartyRole
    category: ResponsibilityCategory
    title: SName
    description: SText | None = None
    raci: RaciStruct | None = None
    recurrence: RecurrenceStruct | None = None
    services: SItems[SId] = ()


class ConfidentialityStruct(_Struct, frozen=True):
    survives: SPeriod | None = None
    description: SText | None = None


class AmountCapStruct(_Struct, tag_field="kind", tag="amount", frozen=True):
    amount: MoneyStruct


class FeesPaidCapStruct(_Struct, tag_field="kind", tag="fees_paid", frozen=True):
    lookback: SPeriod


class AgreementStruct(_Struct, kw_only=True, frozen=True):
    schema_version: Literal["1.0"]
    id: SId
    title: SName
    parties: SSome[PartyStruct]
    signed_on: dt.date | None = None
    effective_on: dt.date
    service_start_on: dt.date | None = None
    governing_law: SText | None = None
    term: TermStruct
    scope: ServiceScopeStruct
    sla: SLAStruct
    fees: FeeScheduleStruct
    responsibilities: SItems[ResponsibilityStruct] = ()
    confidentiality: ConfidentialityStruct | None = None
    liability_cap: AmountCapStruct | FeesPaidCapStruct | None = None


class MsgspecPeer:
    """Decode and encode agreements with msgspec (a reusable decoder and encoder)."""

    name: Final = "msgspec"

    def __init__(self) -> None:
        self._decoder = msgspec.json.Decoder(AgreementStruct)
        self._encoder = msgspec.json.Encoder()

    def loads(self, text: str | bytes) -> AgreementStruct:
        return self._decoder.decode(text)

    def dumps(self, agreement: AgreementStruct) -> bytes:
        return self._encoder.encode(agreement)


# ---------------------------------------------------------------- pydantic

PId = Annotated[str, Field(pattern=ID, max_length=MAX_ID)]
PName = Annotated[str, Field(pattern=NOT_BLANK, max_length=MAX_NAME)]
PText = Annotated[str, Field(pattern=NOT_BLANK, max_length=MAX_TEXT)]
PPeriod = Annotated[str, Field(pattern=PERIOD)]
PBusinessTime = Annotated[str, Field(pattern=BUSINESS_TIME)]
PTimeOfDay = Annotated[str, Field(pattern=TIME_OF_DAY)]
PZone = Annotated[str, Field(pattern=ZONE)]
PCurrency = Annotated[str, Field(pattern=CURRENCY)]
PQuantity = Annotated[int, Field(ge=0, le=MAX_QUANTITY)]
# At most 18 digits before the point and 10 after, as msa_model reads them.
PDecimal = Annotated[Decimal, Field(max_digits=28, decimal_places=10)]
PPercent = Annotated[Decimal, Field(gt=0, le=100, max_digits=28, decimal_places=10)]
PChange = Annotated[Decimal, Field(gt=-100, le=100, max_digits=28, decimal_places=10)]
PItems = Annotated[tuple[T, ...], Field(max_length=MAX_ITEMS)]
PSome = Annotated[tuple[T, ...], Field(min_length=1, max_length=MAX_ITEMS)]


class _Model(BaseModel):
    """Settings every model shares."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class MoneyModel(_Model):
    amount: PDecimal
    currency: PCurrency


class NonNegativeMoneyModel(_Model):
    amount: Annotated[Decimal, Field(ge=0, max_digits=28, decimal_places=10)]
    currency: PCurrency


class BusinessDaysModel(_Model):
    business_days: Annotated[int, Field(ge=0, le=MAX_UNIT)]


PNoticeLength = PPeriod | BusinessDaysModel
PTargetLength = PBusinessTime | BusinessDaysModel


class PartyModel(_Model):
    id: PId
    role: PartyRole
    legal_name: PName
    address: PText | None = None
    contact: PName | None = None


class RenewalModel(_Model):
    mode: RenewalMode
    length: PPeriod | None = None
    max_renewals: Annotated[int, Field(ge=1)] | None = None


class NoticeModel(_Model):
    length: PNoticeLength
    roll: RollConvention = RollConvention.NONE


class FixedTerminationFeeModel(_Model):
    kind: Literal["fixed"]
    amount: NonNegativeMoneyModel


class RemainingFeesTerminationFeeModel(_Model):
    kind: Literal["remaining_fees"]
    percent: PPercent


class MonthlyFeesTerminationFeeModel(_Model):
    kind: Literal["monthly_fees"]
    months: Annotated[int, Field(ge=1, le=120)]


PEarlyTerminationFee = Annotated[
    FixedTerminationFeeModel | RemainingFeesTerminationFeeModel | MonthlyFeesTerminationFeeModel,
    Field(discriminator="kind"),
]


class ConvenienceTerminationModel(_Model):
    parties: PSome[PartyRole]
    notice: NoticeModel
    alignment: Alignment = Alignment.NONE
    minimum_term: PPeriod | None = None
    early_termination_fee: PEarlyTerminationFee | None = None


class CauseTerminationModel(_Model):
    cure: PNoticeLength
    parties: PSome[PartyRole] = (PartyRole.PROVIDER, PartyRole.CLIENT)


class NonPaymentTerminationModel(_Model):
    overdue: PNoticeLength
    cure: PNoticeLength


class TerminationRightsModel(_Model):
    convenience: ConvenienceTerminationModel | None = None
    cause: CauseTerminationModel | None = None
    non_payment: NonPaymentTerminationModel | None = None


class OpeningWindowModel(_Model):
    days: Annotated[tuple[Weekday, ...], Field(min_length=1, max_length=7)]
    start: PTimeOfDay
    end: PTimeOfDay


class PublicHolidaysModel(_Model):
    country: Annotated[str, Field(pattern=COUNTRY)]
    subdivision: Annotated[str, Field(pattern=SUBDIVISION)] | None = None


class BusinessCalendarModel(_Model):
    id: PId
    zone: PZone
    windows: Annotated[tuple[OpeningWindowModel, ...], Field(min_length=1, max_length=100)]
    holidays: Annotated[tuple[dt.date, ...], Field(max_length=5000)] = ()
    public_holidays: PublicHolidaysModel | None = None
    name: PName | None = None


class TermModel(_Model):
    start: dt.date
    initial: PPeriod
    renewal: RenewalModel
    notice: NoticeModel | None = None
    termination: TerminationRightsModel = TerminationRightsModel()
    transition: PPeriod | None = None
    calendar: BusinessCalendarModel | None = None


class ServiceModel(_Model):
    id: PId
    name: PName
    category: ServiceCategory
    unit: Unit
    description: PText | None = None
    coverage: PId | None = None
    sla_applies: bool = True
    locations: PItems[PId] = ()


class ExclusionModel(_Model):
    id: PId
    description: PText
    services: PItems[PId] = ()


class ClientRequirementModel(_Model):
    id: PId
    description: PText
    services: PItems[PId] = ()


class LocationModel(_Model):
    id: PId
    name: PName
    address: PText | None = None


class ServiceScopeModel(_Model):
    services: PSome[ServiceModel]
    exclusions: PItems[ExclusionModel] = ()
    client_requirements: PItems[ClientRequirementModel] = ()
    locations: PItems[LocationModel] = ()


class PriorityTargetModel(_Model):
    id: PId
    name: PName
    calendar: PId
    response: PTargetLength
    resolution: PTargetLength | None = None
    description: PText | None = None


class SupportLevelModel(_Model):
    id: PId
    name: PName
    description: PText | None = None


class EscalationStepModel(_Model):
    level: PId
    after: PTargetLength
    contact: PName | None = None


class CreditTierModel(_Model):
    below: PPercent
    credit: PPercent


class AvailabilityTargetModel(_Model):
    service: PId
    target: PPercent
    measurement: MeasurementPeriod = MeasurementPeriod.MONTH
    maintenance: PItems[OpeningWindowModel] = ()
    tiers: PItems[CreditTierModel] = ()
    cap: PPercent | None = None


class SLAModel(_Model):
    zone: PZone
    calendars: PSome[BusinessCalendarModel]
    priorities: PSome[PriorityTargetModel]
    support_levels: PItems[SupportLevelModel] = ()
    escalation: PItems[EscalationStepModel] = ()
    availability: PItems[AvailabilityTargetModel] = ()
    rolling_cap: PPercent | None = None


class RecurringFeeModel(_Model):
    kind: Literal["recurring"]
    id: PId
    description: PName
    amount: NonNegativeMoneyModel
    per: BillingFrequency = BillingFrequency.MONTHLY
    service: PId | None = None


class PriceTierModel(_Model):
    up_to: Annotated[int, Field(ge=1, le=MAX_QUANTITY)] | None
    unit_price: NonNegativeMoneyModel


class PerUnitFeeModel(_Model):
    kind: Literal["per_unit"]
    id: PId
    description: PName
    unit: Unit
    unit_price: NonNegativeMoneyModel | None = None
    tiers: PItems[PriceTierModel] = ()
    tier_mode: TierMode | None = None
    included: PQuantity = 0
    minimum: PQuantity = 0
    per: BillingFrequency = BillingFrequency.MONTHLY
    service: PId | None = None


class HourlyRateModel(_Model):
    kind: Literal["hourly"]
    id: PId
    description: PName
    role: PName
    rate: NonNegativeMoneyModel
    after_hours_multiplier: Annotated[
        Decimal, Field(ge=1, le=10, max_digits=28, decimal_places=10)
    ] = Decimal(1)
    business_hours: PId | None = None
    increment_minutes: Annotated[int, Field(ge=1, le=1440)] = 1
    minimum_minutes: Annotated[int, Field(ge=0, le=1440 * 7)] = 0
    service: PId | None = None


class OneTimeFeeModel(_Model):
    kind: Literal["one_time"]
    id: PId
    description: PName
    amount: NonNegativeMoneyModel
    billed_on: dt.date | None = None
    service: PId | None = None


class BlockOfHoursModel(_Model):
    kind: Literal["block"]
    id: PId
    description: PName
    hours: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
    price: NonNegativeMoneyModel
    per: BillingFrequency | None = None
    rollover: bool = False
    rollover_cap: Annotated[int, Field(ge=1, le=MAX_QUANTITY)] | None = None
    expires_after: PPeriod | None = None
    overage: PId | None = None
    service: PId | None = None


PFeeLine = Annotated[
    RecurringFeeModel | PerUnitFeeModel | HourlyRateModel | OneTimeFeeModel | BlockOfHoursModel,
    Field(discriminator="kind"),
]


class BillingPolicyModel(_Model):
    frequency: BillingFrequency = BillingFrequency.MONTHLY
    timing: BillingTiming = BillingTiming.ADVANCE
    anchor: dt.date | None = None


class LateFeeModel(_Model):
    percent_per_month: PPercent
    grace: PPeriod = "P0D"
    minimum: NonNegativeMoneyModel | None = None


class PercentageAdjustmentModel(_Model):
    kind: Literal["percentage"]
    percent: PChange
    at: AdjustmentTiming
    lines: PItems[PId] = ()


class IndexAdjustmentModel(_Model):
    kind: Literal["index"]
    index: PName
    at: AdjustmentTiming
    cap: PChange | None = None
    floor: PChange | None = None
    lines: PItems[PId] = ()


PPriceAdjustment = Annotated[
    PercentageAdjustmentModel | IndexAdjustmentModel, Field(discriminator="kind")
]


class FeeScheduleModel(_Model):
    currency: PCurrency
    lines: PSome[PFeeLine]
    payment_terms: PNoticeLength
    billing: BillingPolicyModel = BillingPolicyModel()
    late_fee: LateFeeModel | None = None
    adjustments: PItems[PPriceAdjustment] = ()
    rounding: Rounding = Rounding.HALF_UP


class RaciModel(_Model):
    responsible: PSome[PartyRole]
    accountable: Annotated[tuple[PartyRole, ...], Field(min_length=1, max_length=1)]
    consulted: PItems[PartyRole] = ()
    informed: PItems[PartyRole] = ()


class RecurrenceModel(_Model):
    every: PPeriod
    anchor: dt.date | None = None


class ResponsibilityModel(_Model):
    id: PId
    party: PartyRole
    category: ResponsibilityCategory
    title: PName
    description: PText | None = None
    raci: RaciModel | None = None
    recurrence: RecurrenceModel | None = None
    services: PItems[PId] = ()


class ConfidentialityModel(_Model):
    survives: PPeriod | None = None
    description: PText | None = None


class AmountCapModel(_Model):
    kind: Literal["amount"]
    amount: MoneyModel


class FeesPaidCapModel(_Model):
    kind: Literal["fees_paid"]
    lookback: PPeriod


class AgreementModel(_Model):
    schema_version: Literal["1.0"]
    id: PId
    title: PName
    parties: PSome[PartyModel]
    signed_on: dt.date | None = None
    effective_on: dt.date
    service_start_on: dt.date | None = None
    governing_law: PText | None = None
    term: TermModel
    scope: ServiceScopeModel
    sla: SLAModel
    fees: FeeScheduleModel
    responsibilities: PItems[ResponsibilityModel] = ()
    confidentiality: ConfidentialityModel | None = None
    liability_cap: (
        Annotated[AmountCapModel | FeesPaidCapModel, Field(discriminator="kind")] | None
    ) = None


class PydanticPeer:
    """Decode and encode agreements with pydantic v2 (`model_validate_json`, `model_dump_json`)."""

    name: Final = "pydantic"

    def loads(self, text: str | bytes) -> AgreementModel:
        return AgreementModel.model_validate_json(text)

    def dumps(self, agreement: AgreementModel) -> str:
        # Defaults are left out, as msa_model.dumps does.
        return agreement.model_dump_json(exclude_defaults=True)
