"""`python -m pipeline.fetch --sources FILE --corpus DIR`: fetch new pages (see pipeline.fetch.crawl)."""
import sys

from .crawl import main

sys.exit(main())
