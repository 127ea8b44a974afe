#if canImport(Glibc)
import Glibc
#endif

/// The machine mapheap runs on: what a result was measured on, and how much memory a workload may use.
public struct MachineInfo: Sendable, Hashable {
    /// The CPU model ("model name" in /proc/cpuinfo, or the closest field other architectures have).
    public var cpuModel: String
    /// Processors online (`sysconf(_SC_NPROCESSORS_ONLN)`).
    public var cores: Int
    /// Physical memory in bytes (`_SC_PHYS_PAGES` times the page size).
    public var physicalMemory: Int
    /// The cgroup v2 memory limit of this process's group in bytes (`/sys/fs/cgroup/memory.max`), when one is
    /// set; nil when unlimited or unknown.
    public var memoryLimit: Int?

    /// Creates machine facts from raw values.
    public init(cpuModel: String, cores: Int, physicalMemory: Int, memoryLimit: Int?) {
        self.cpuModel = cpuModel
        self.cores = cores
        self.physicalMemory = physicalMemory
        self.memoryLimit = memoryLimit
    }

    /// The memory a workload can actually use: the smaller of physical memory and the cgroup limit.
    public var usableMemory: Int {
        min(physicalMemory, memoryLimit ?? physicalMemory)
    }

    /// One line, e.g. "AMD EPYC 7B13, 2 cores, 23.5 GiB" (plus ", limit 8.0 GiB" under a cgroup limit).
    public var summary: String {
        var text = "\(cpuModel), \(cores) core\(cores == 1 ? "" : "s"), \(Self.gibibytes(physicalMemory))"
        if let memoryLimit, memoryLimit < physicalMemory {
            text += ", limit \(Self.gibibytes(memoryLimit))"
        }
        return text
    }

    /// The machine this process runs on.
    public static func current() -> MachineInfo {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        return MachineInfo(
            cpuModel: cpuModel(fromCPUInfo: readSmallFile("/proc/cpuinfo") ?? ""),
            cores: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            physicalMemory: pages > 0 && pageSize > 0 ? pages * pageSize : 0,
            memoryLimit: memoryLimit(fromCgroupMax: readSmallFile("/sys/fs/cgroup/memory.max"))
        )
    }

    /// The CPU model named in the text of /proc/cpuinfo: the first "model name" (x86), else "Model",
    /// "cpu model" or "uarch" (Arm, MIPS, RISC-V); "unknown CPU" when none is there.
    static func cpuModel(fromCPUInfo text: String) -> String {
        let keys = ["model name", "Model", "cpu model", "uarch"]
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces
            let value = line[line.index(after: colon)...].trimmingSpaces
            if keys.contains(key), found[key] == nil, !value.isEmpty {
                found[key] = value
            }
        }
        return keys.lazy.compactMap { found[$0] }.first ?? "unknown CPU"
    }

    /// The limit in a cgroup v2 `memory.max` file: a byte count, or nil for "max" or no file.
    static func memoryLimit(fromCgroupMax text: String?) -> Int? {
        guard let text else { return nil }
        return Int(text.trimmingSpaces)
    }

    /// `bytes` in GiB with one decimal, e.g. "23.5 GiB".
    static func gibibytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + (1 << 29)) >> 30
        return "\(tenths / 10).\(tenths % 10) GiB"
    }

    /// The contents of a small text file such as /proc/cpuinfo (which reports size 0, so read until EOF).
    private static func readSmallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// Facts about how mapheap itself was built.
public enum BuildInfo {
    /// The Swift compiler version mapheap was built with, e.g. "6.3" (from `#if compiler(>=...)`).
    public static let swiftCompilerVersion: String = {
        #if compiler(>=7.0)
        return ">= 7.0"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #elseif compiler(>=6.0)
        return "6.0"
        #else
        return "< 6.0"
        #endif
    }()

    /// "debug" or "release": snapshot costs and timings are only meaningful in release builds.
    public static let configuration: String = {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }()
}
