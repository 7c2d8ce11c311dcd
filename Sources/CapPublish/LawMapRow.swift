import CapValues

/// One row of the abolitionist-law map: a jurisdiction and, as of a date,
/// the law that governs prostitution there as far as the data records.
public struct LawMapRow: Sendable, Equatable {
    /// ISO alpha-2 for a country, ISO 3166-2 (GB-NIR) for a subdivision.
    public var code: String
    public var isoA2: String
    public var isoA3: String
    public var isoNumeric: String
    public var name: String
    /// `abolitionist` for the Nordic/Equality model, the recorded model
    /// otherwise; nil where nothing is recorded.
    public var model: String?
    /// Where the law stood on the as-of date: "in force", "passed",
    /// "approved", "bill", "repealed", or nil where no law is recorded.
    public var status: String?
    public var adopted: CapDate?
    public var inForce: CapDate?
    public var lawTitle: String?
    public var lawID: String?
    public var sources: [String]
    /// The status in a reader's words: "in force", "adopted, not yet in
    /// force", "adopted (date in force not recorded)", "bill approved by
    /// government", "bill introduced"; nil where no law is recorded.
    public var statusText: String? = nil
    /// The law's model, or its model with "bill" while it is one (a bill
    /// approved by a government but not passed is not law, but it is not
    /// "no data" either): what the map colours.
    public var category: String? {
        guard let status else { return nil }
        if let model { return model }
        guard status == "bill" || status == "approved" else { return nil }
        return (pendingModel ?? "law") + " bill"
    }
    /// The model a pending bill would put in place.
    public var pendingModel: String? = nil

    public init(code: String, isoA2: String, isoA3: String, isoNumeric: String, name: String,
                model: String? = nil, status: String? = nil, adopted: CapDate? = nil, inForce: CapDate? = nil,
                lawTitle: String? = nil, lawID: String? = nil, sources: [String] = []) {
        self.code = code
        self.isoA2 = isoA2
        self.isoA3 = isoA3
        self.isoNumeric = isoNumeric
        self.name = name
        self.model = model
        self.status = status
        self.adopted = adopted
        self.inForce = inForce
        self.lawTitle = lawTitle
        self.lawID = lawID
        self.sources = sources
    }
}
