// BiocapQueue — see docs/
