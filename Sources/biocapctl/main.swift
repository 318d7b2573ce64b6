print("biocapctl: not yet")
