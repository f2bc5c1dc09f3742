"""``reachability simulate``: realistic municipal phone traffic with its own ground truth."""
