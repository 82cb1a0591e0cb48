"""python -m bot.telegram.local_api: serve a local Bot API by hand."""

from bot.telegram.local_api.server import main

main()
