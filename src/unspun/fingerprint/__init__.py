from unspun.fingerprint.minhash import *  # noqa: F403  (temporary during the move)
