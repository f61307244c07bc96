"""Reading a leader's own case for "Er det samskabelse?": the labelled case bank, the statements, and the
small model that reads each criterion and pattern by meaning (numpy at run time, scikit-learn to fit)."""
