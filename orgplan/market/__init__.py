"""The market (市场): share against named rivals, competing models and the price watch."""
