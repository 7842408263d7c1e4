#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import LabData

/// A minimal HTTP/1.1 client over POSIX sockets: one request per connection (`Connection: close`),
/// plain http only, with connect and read timeouts. Enough to speak MLflow's REST API to a
/// tracking server without linking a networking stack into the engine.
public struct HTTPClient: Sendable {
    public struct Response: Sendable {
        public let status: Int
        public let body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why a request got no HTTP answer at all (as opposed to an error status).
    public struct Unreachable: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public let host: String
    public let port: Int
    public let timeoutSeconds: Int

    public init(host: String, port: Int, timeoutSeconds: Int = 10) {
        self.host = host
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    public func request(_ method: String, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json") throws -> Response {
        let fd = try connect()
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: opslab\r\nAccept: application/json\r\nConnection: close\r\n"
        if let body { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        try send(fd, Array(head.utf8) + (body ?? []))
        return try HTTPResponseParser.parse(try receiveAll(fd))
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw Unreachable(description: "cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let a = node {
            node = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            if connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen, timeout: timeoutSeconds) {
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                return fd
            }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw Unreachable(description: "cannot connect to \(host):\(port): \(lastError)")
    }

    /// A non-blocking connect bounded by `timeout` seconds, so an address that drops packets cannot hang a command.
    private func connect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>, _ length: socklen_t, timeout: Int) -> Bool {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        #if canImport(Glibc)
        let started = Glibc.connect(fd, address, length)
        #else
        let started = Darwin.connect(fd, address, length)
        #endif
        if started == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) == 1 else { errno = ETIMEDOUT; return false }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
        if error != 0 { errno = error; return false }
        return true
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { b in
                #if canImport(Glibc)
                Glibc.send(fd, b.baseAddress, b.count, Int32(MSG_NOSIGNAL))
                #else
                Darwin.send(fd, b.baseAddress, b.count, 0)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Unreachable(description: "sending to \(host):\(port) failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    private func receiveAll(_ fd: Int32) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw Unreachable(description: "no answer from \(host):\(port): \(String(cString: strerror(errno)))")
            }
            out.append(contentsOf: buffer[0..<n])
            // Stop as soon as a complete response is in, without waiting for the server to close.
            if HTTPResponseParser.isComplete(out) { break }
        }
        return out
    }
}

/// Splits a raw HTTP/1.1 response into status and body (Content-Length, chunked, or to close).
enum HTTPResponseParser {
    static func headerEnd(_ raw: [UInt8]) -> Int? {
        guard raw.count >= 4 else { return nil }
        for i in 0...(raw.count - 4) where raw[i] == 13 && raw[i + 1] == 10 && raw[i + 2] == 13 && raw[i + 3] == 10 { return i }
        return nil
    }

    static func headers(_ raw: [UInt8], end: Int) -> (status: Int, fields: [String: String]) {
        let lines = String(decoding: raw[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        let status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, fields)
    }

    static func isComplete(_ raw: [UInt8]) -> Bool {
        guard let end = headerEnd(raw) else { return false }
        let (_, fields) = headers(raw, end: end)
        let bodyCount = raw.count - end - 4
        if let length = fields["content-length"].flatMap({ Int($0) }) { return bodyCount >= length }
        if fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
            return raw.count >= 5 && Array(raw.suffix(5)) == Array("0\r\n\r\n".utf8)
        }
        return false
    }

    static func parse(_ raw: [UInt8]) throws -> HTTPClient.Response {
        guard let end = headerEnd(raw) else {
            throw HTTPClient.Unreachable(description: "the server's answer is not HTTP (\(raw.count) bytes)")
        }
        let (status, fields) = headers(raw, end: end)
        var body = Array(raw[(end + 4)...])
        if fields["transfer-encoding"]?.lowercased().contains("chunked") == true { body = dechunk(body) }
        if let length = fields["content-length"].flatMap({ Int($0) }), body.count > length { body = Array(body[0..<length]) }
        return HTTPClient.Response(status: status, body: body)
    }

    static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < data.count {
            var j = i
            while j + 1 < data.count, !(data[j] == 13 && data[j + 1] == 10) { j += 1 }
            let sizeText = String(decoding: data[i..<j], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = j + 2
            guard start + size <= data.count else { break }
            out.append(contentsOf: data[start..<(start + size)])
            i = start + size + 2
        }
        return out
    }
}
