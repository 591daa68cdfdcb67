python -m site
