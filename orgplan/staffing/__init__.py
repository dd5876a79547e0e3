"""Staffing from the business (定编): the establishment that next year's volumes and the staffing ratios
call for, and the workload of each position."""
