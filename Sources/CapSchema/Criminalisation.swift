/// Who a law on prostitution penalises, act by act (the `criminalisation`
/// blocks of a law), and the legal model that follows from it.
///
/// The acts are the words of the prelude's `sex_trade_act`; the models the
/// words of `model`. The derivation reads the acts in three groups:
///
/// | buyer (`buying`) | seller (`selling` or `soliciting`) | third parties (`organising`, `brothel_keeping`) | model |
/// |---|---|---|---|
/// | penalised | not penalised | any | abolitionist |
/// | penalised | penalised | any | prohibitionist |
/// | not penalised | not penalised | one penalised | partial |
/// | not penalised | not penalised | both not penalised | decriminalised |
/// | not penalised | penalised | any | none: no model of the enumeration says so |
///
/// A group is penalised when one of its recorded acts is, not penalised
/// when its recorded acts all are not (the seller's group needs `selling`
/// recorded, the third parties' both acts); a group not recorded leaves the
/// model undecided. `legalised` is never derived (licensing is not one of
/// the acts) but agrees with parts that penalise neither buyer nor seller.
public struct Criminalisation: Sendable, Equatable {
    /// Act word → penalised, as the law's blocks record them (the last
    /// block of an act wins, as a repeated field would not).
    public var penalised: [String: Bool] = [:]

    public init(_ penalised: [String: Bool] = [:]) { self.penalised = penalised }

    public var isEmpty: Bool { penalised.isEmpty }

    /// The buyer's, the seller's and the third parties' group: true when
    /// penalised, false when not, nil when the parts do not say.
    var buyer: Bool? { penalised["buying"] }
    var seller: Bool? {
        if penalised["selling"] == true || penalised["soliciting"] == true { return true }
        return penalised["selling"] == false ? false : nil
    }
    var thirdParties: Bool? {
        if penalised["organising"] == true || penalised["brothel_keeping"] == true { return true }
        return penalised["organising"] == false && penalised["brothel_keeping"] == false ? false : nil
    }

    /// The model the parts put in place (see the table above), or nil.
    public var model: String? {
        guard let buyer, let seller else { return nil }
        switch (buyer, seller) {
        case (true, false): return "abolitionist"
        case (true, true): return "prohibitionist"
        case (false, true): return nil
        case (false, false):
            guard let thirdParties else { return nil }
            return thirdParties ? "partial" : "decriminalised"
        }
    }

    /// Whether a declared model says what the parts say. Where the parts
    /// derive no model, only what they do record can contradict it: a
    /// penalised buyer is not `partial`, say.
    public func agrees(with declared: String) -> Bool {
        if let derived = model {
            if derived == declared { return true }
            return declared == "legalised" && (derived == "partial" || derived == "decriminalised")
        }
        switch declared {
        case "abolitionist": return buyer != false && seller != true
        case "prohibitionist": return buyer != false && seller != false
        case "legalised", "partial", "decriminalised":
            if buyer == true || seller == true { return false }
            if declared == "partial" { return thirdParties != false }
            if declared == "decriminalised" { return thirdParties != true }
            return true
        default: return true
        }
    }

    /// What the parts record, in words: "buying penalised, selling not".
    public var summary: String {
        let order = ["buying", "selling", "soliciting", "organising", "brothel_keeping"]
        let known = order.filter { penalised[$0] != nil } + penalised.keys.filter { !order.contains($0) }.sorted()
        return known.map { "\(String($0.map { $0 == "_" ? "-" : $0 })) \(penalised[$0]! ? "penalised" : "not penalised")" }
            .joined(separator: ", ")
    }
}
