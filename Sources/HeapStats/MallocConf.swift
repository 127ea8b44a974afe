// jemalloc's settings from outside the program: the MALLOC_CONF variable and the /etc/malloc.conf
// link, both read by jemalloc when the process starts. They change what jemalloc keeps resident
// (dirty_decay_ms, muzzy_decay_ms, narenas, tcache...), so `mapheap doctor` and every row's
// allocator name them (docs/methods.md, "jemalloc's settings").
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Jemalloc {
    /// The settings given from outside, as `MALLOC_CONF=...` and `/etc/malloc.conf -> ...`; empty
    /// when there are none. `environment` is MALLOC_CONF's value (nil or empty when unset); `link` is the
    /// target of /etc/malloc.conf (nil when there is no such link).
    public static func outsideSettings(environment: String? = _environmentValue("MALLOC_CONF"),
                                       link: String? = _linkTarget("/etc/malloc.conf")) -> [String] {
        var found: [String] = []
        if let environment, !environment.isEmpty { found.append("MALLOC_CONF=" + environment) }
        if let link { found.append("/etc/malloc.conf -> " + link) }
        return found
    }

    /// The allocator column's text: `jemalloc <version>`, and the outside settings in effect.
    public static func allocatorDescription(settings: [String] = outsideSettings()) -> String {
        (["jemalloc " + version] + settings).joined(separator: " ")
    }
}

/// The value of environment variable `name`, or nil when it is unset.
public func _environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// The target of the symbolic link at `path`, or nil when there is none.
public func _linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
