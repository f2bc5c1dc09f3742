"""``reachability report``: historical figures from Redis as CSV, Markdown or HTML (spec 9).

Layout: ``periods`` (which dates), ``departments`` (who, from the directory), ``model`` and
``table`` (the figures, pure), ``summary`` (plain-language sentences), ``render`` (CSV, Markdown),
``page`` (HTML), ``chart`` (PNG), ``source`` (the Redis read) and ``cli`` (the command).
"""
