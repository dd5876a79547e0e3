"""Pay by performance (看业绩吃饭): commission plans, the monthly pay sheet and the sales payroll forecast."""
