"""Run the `msa` command: `python -m msa_model`."""

import sys

from msa_model.cli import main

if __name__ == "__main__":
    sys.exit(main())
