// Allocation sites as result rows: `sites.csv` (`mapheap.sites.v1`) and one folded-stacks file per workload
// (`sites/<workload>.folded`), written only by `mapheap run --alloc-sites`.
import Foundation

/// One row of `sites.csv`: an allocation site of one workload, ranked by live bytes at the peak.
///
/// "flat" figures are the site's own; "cum" figures are those of every site of the workload whose stack
/// passes through this site's function (pprof's cumulative), so a function that allocates at several call
/// paths shows their sum. Bytes are jemalloc size classes; below the threshold they are byte-weighted
/// sampling estimates.
public struct SiteRow: Equatable, Sendable {
    /// The workload's name.
    public var workload: String
    /// 1-based rank within the workload (by live bytes at the peak, then total bytes).
    public var rank: Int
    /// The function that asked for the memory (short demangled name).
    public var function: String
    /// Its caller, or empty at the root.
    public var caller: String
    /// Live bytes at the peak (flat).
    public var peakBytes: Int
    /// Live bytes at the peak through this function (cumulative).
    public var peakCumBytes: Int
    /// Live bytes at the end (flat).
    public var endBytes: Int
    /// Live bytes at the end through this function (cumulative).
    public var endCumBytes: Int
    /// Bytes allocated in all (flat).
    public var totalBytes: Int
    /// Bytes allocated in all through this function (cumulative).
    public var totalCumBytes: Int
    /// Allocations (estimated below the threshold).
    public var allocations: Int
    /// Allocations recorded (sampled or above the threshold).
    public var samples: Int
    /// Mean bytes between samples below the threshold.
    public var sampleRate: Int
    /// Allocations of at least this size were all recorded.
    public var threshold: Int
    /// The whole stack, root first, frames separated by `;`.
    public var stack: String

    /// Creates a row from raw values.
    public init(workload: String, rank: Int, function: String, caller: String, peakBytes: Int, peakCumBytes: Int,
                endBytes: Int, endCumBytes: Int, totalBytes: Int, totalCumBytes: Int, allocations: Int,
                samples: Int, sampleRate: Int, threshold: Int, stack: String) {
        self.workload = workload
        self.rank = rank
        self.function = function
        self.caller = caller
        self.peakBytes = peakBytes
        self.peakCumBytes = peakCumBytes
        self.endBytes = endBytes
        self.endCumBytes = endCumBytes
        self.totalBytes = totalBytes
        self.totalCumBytes = totalCumBytes
        self.allocations = allocations
        self.samples = samples
        self.sampleRate = sampleRate
        self.threshold = threshold
        self.stack = stack
    }

    /// `function ← caller`: the site as the report names it.
    public var label: String { caller.isEmpty ? function : "\(function) ← \(caller)" }

    /// The folded-stacks text of `rows` (`frame;frame;frame bytes`, root first), with the live bytes at the
    /// peak; stacks holding nothing at the peak are left out. flamegraph.pl and speedscope read it.
    public static func folded(_ rows: [SiteRow]) -> String {
        rows.filter { $0.peakBytes > 0 }.map { "\($0.stack) \($0.peakBytes)\n" }.joined()
    }
}

extension SiteRow: CSVResultRow {
    /// `mapheap.sites.v1`.
    public static let csvSchema = "mapheap.sites.v1"
    /// `sites.csv`.
    public static let csvFileName = "sites.csv"
    /// The columns of `sites.csv`.
    public static let csvColumns = [
        "schema", "workload", "rank", "function", "caller", "peak_bytes", "peak_cum_bytes", "end_bytes",
        "end_cum_bytes", "total_bytes", "total_cum_bytes", "allocations", "samples", "sample_rate", "threshold",
        "stack",
    ]

    /// The row's fields in column order.
    public var csvFields: [String] {
        [
            Self.csvSchema, workload, String(rank), function, caller, String(peakBytes), String(peakCumBytes),
            String(endBytes), String(endCumBytes), String(totalBytes), String(totalCumBytes), String(allocations),
            String(samples), String(sampleRate), String(threshold), stack,
        ]
    }

    /// Decodes a `sites.csv` row.
    public init(csvRow r: CSVFieldReader) throws(CSVError) {
        self.init(
            workload: r.string("workload"), rank: try r.int("rank"), function: r.string("function"),
            caller: r.string("caller"), peakBytes: try r.int("peak_bytes"), peakCumBytes: try r.int("peak_cum_bytes"),
            endBytes: try r.int("end_bytes"), endCumBytes: try r.int("end_cum_bytes"),
            totalBytes: try r.int("total_bytes"), totalCumBytes: try r.int("total_cum_bytes"),
            allocations: try r.int("allocations"), samples: try r.int("samples"),
            sampleRate: try r.int("sample_rate"), threshold: try r.int("threshold"), stack: r.string("stack"))
    }
}

/// The directory of folded-stacks files inside a result directory.
public let sitesFoldedDirectoryName = "sites"

/// Writes `sites.csv` and `sites/<workload>.folded` into a result directory, one workload at a time.
public struct SitesWriter: Sendable {
    /// The result directory.
    public let directory: String

    /// The path of `sites.csv`.
    public var csvPath: String { (directory as NSString).appendingPathComponent(SiteRow.csvFileName) }

    /// The folded-stacks file of `workload`.
    public func foldedPath(_ workload: String) -> String {
        ((directory as NSString).appendingPathComponent(sitesFoldedDirectoryName) as NSString)
            .appendingPathComponent(workload + ".folded")
    }

    /// Writes `sites.csv` with its header only and creates `sites/` if needed. (An earlier run's
    /// files there are removed beforehand, one by one, by `EarlierResults`.)
    public init(directory: String) throws {
        self.directory = directory
        let folder = (directory as NSString).appendingPathComponent(sitesFoldedDirectoryName)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CSVError(file: folder, line: nil, message: "cannot create: \(error.localizedDescription)")
        }
        try ResultWriter.write(SiteRow.csvHeader, to: csvPath, truncate: true)
    }

    /// Appends one workload's rows to `sites.csv` (whole or not at all) and writes its folded-stacks
    /// file (atomically).
    public func append(workload: String, rows: [SiteRow]) throws {
        try ResultWriter.replace(foldedPath(workload), with: SiteRow.folded(rows))
        try ResultWriter.write(rows.map(\.csvRecord).joined(), to: csvPath, truncate: false)
    }

    /// The rows of `directory`'s `sites.csv`, or nil when there is none.
    public static func read(from directory: String) throws -> [SiteRow]? {
        let path = (directory as NSString).appendingPathComponent(SiteRow.csvFileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try SiteRow.decodeCSV(records: CSV.parse(bytes: [UInt8](data), file: path), file: path)
    }
}
