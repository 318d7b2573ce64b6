extension PacketManifest {
    /// Every record the manifest names, main records and companions, in manifest order: what a packet must hold,
    /// record for record.
    public var namedRecords: [CompanionRecord] {
        captures.flatMap { entry in
            [CompanionRecord(recordID: entry.recordID, recordFormat: entry.recordFormat, recordSHA256: entry.recordSHA256,
                             recordSize: entry.recordSize)] + (entry.companions ?? [])
        }
    }
}
