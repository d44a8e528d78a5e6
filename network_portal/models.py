# The portal package keeps no tables of its own. Having a models module makes it
# a sender of `post_migrate`, on which it creates the database cache's table
# (see apps.py).
