"""`python -m pipeline STAGE --corpus DIR --out DIR`: run one stage (see pipeline.cli)."""
import sys

from .cli import main

sys.exit(main())
