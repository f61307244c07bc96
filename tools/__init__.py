"""What make, operators and trainers run: the command line, the demo, the terminal chat, the insight report,
the servers launcher, credentials and the Teams package. Tools import the library (bot/); bot/ never imports them."""
