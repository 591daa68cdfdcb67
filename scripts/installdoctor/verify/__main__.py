"""`python -m installdoctor.verify`: see `runner`."""

from .runner import main

raise SystemExit(main())
