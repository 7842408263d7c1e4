/// Run ids as MLflow makes them: 32 lowercase hex digits of a random UUID.
enum RunIdentifier {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return String((0..<32).map { _ in hex[Int(g.next() & 0xF)] })
    }
}
