// BiocapRecords — see docs/
