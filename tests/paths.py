"""Where the tests find the real data: ../shared beside the checkout, as CI lays it out."""

import os
from pathlib import Path

# COHESION_SHARED points elsewhere when the folder is not beside the checkout.
SHARED = Path(
    os.environ.get("COHESION_SHARED") or Path(__file__).resolve().parents[1].parent / "shared"
)
DATASETS = SHARED / "datasets"
