"""The citizens' satisfaction survey (IKM, PermenPAN-RB 14/2017) and its periodic report."""
