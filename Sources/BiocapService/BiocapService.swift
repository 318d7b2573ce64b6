// BiocapService — see docs/
