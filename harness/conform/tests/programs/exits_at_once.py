"""A server that fails before listening (as a typo in a port would)."""
import sys

sys.stderr.write("exits_at_once: cannot read the configuration file server.conf\n")
sys.exit(2)
