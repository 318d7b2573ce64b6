// BiocapQuality — see docs/
