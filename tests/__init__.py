"""The test suite."""

import os

# scikit-learn's convention checks include "array-API dispatch with NumPy input gives the same
# results"; scipy only allows that check when this is set before it is first imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
