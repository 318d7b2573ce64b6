// BiocapImaging — see docs/
