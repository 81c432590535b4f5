"""The frozen build's entry point: the same ``main()`` as the ``spplus-desk`` command."""

import sys

from spplus_desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
