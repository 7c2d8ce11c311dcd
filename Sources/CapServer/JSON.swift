import Foundation

/// A decoded JSON value as `JSONSerialization` gives it. The protocol's
/// messages are read field by field with these accessors rather than
/// decoded into types: a server reads a handful of fields of each, and
/// a field it does not know must be ignored, not refused.
typealias JSONObject = [String: Any]

/// A request's parameters that are missing or of the wrong type: answered
/// with InvalidParams.
struct InvalidParams: Error {
    let message: String
}

extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) throws(InvalidParams) -> JSONObject {
        guard let value = self[key] as? JSONObject else { throw InvalidParams(message: "'\(key)' must be an object") }
        return value
    }

    func string(_ key: String) throws(InvalidParams) -> String {
        guard let value = self[key] as? String else { throw InvalidParams(message: "'\(key)' must be a string") }
        return value
    }

    func int(_ key: String) throws(InvalidParams) -> Int {
        guard let number = self[key] as? NSNumber, number.doubleValue.rounded() == number.doubleValue,
              abs(number.doubleValue) < 1e15 else {
            throw InvalidParams(message: "'\(key)' must be an integer")
        }
        return number.intValue
    }

    func optionalString(_ key: String) -> String? { self[key] as? String }
    func optionalObject(_ key: String) -> JSONObject? { self[key] as? JSONObject }
    func array(_ key: String) -> [Any] { self[key] as? [Any] ?? [] }
}

/// Protocol error codes (JSON-RPC's and the LSP's own).
enum ErrorCode {
    static let parseError = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602
    static let internalError = -32603
    static let serverNotInitialized = -32002
    static let requestFailed = -32803
    static let requestCancelled = -32800
}
