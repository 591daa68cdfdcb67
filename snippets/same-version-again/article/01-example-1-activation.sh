# wrong platform on purpose: the article's block, Linux and Windows lines together
source .venv/bin/activate
.venv\Scripts\activate
