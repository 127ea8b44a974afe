// Row encoding and decoding for the three result files.
//
// Every file starts with a header row whose first column is `schema`; every data row carries its
// file's schema id in that column. Columns and their order are schema v2 of Sources/PROTOCOL.md, the
// contract every child (mapheap's own, the Go peer) writes to; Sources/columns.json states them, and
// CSV+Columns.swift is written from it (scripts/gen-columns.py). Field formats:
//   - integers in decimal; nil (an optional that has no value) as an empty field;
//   - doubles in Swift's shortest round-trip form (`0.1`, `1e-05`, `12.0`), so a value read back
//     is bit-for-bit the value written; always finite (a reader refuses `inf` and `nan`);
//   - booleans as `true` / `false`; strings as they are (quoted per RFC 4180 when needed).

/// A row type of a result file: its schema id, file name, columns and encoding.
public protocol CSVResultRow: Sendable {
    /// The schema id every row of the file carries (e.g. `mapheap.summary.v1`).
    static var csvSchema: String { get }
    /// The file's name in a result directory (e.g. `summary.csv`).
    static var csvFileName: String { get }
    /// The column names, `schema` first.
    static var csvColumns: [String] { get }
    /// The row's fields in column order, `schema` first, not yet quoted.
    var csvFields: [String] { get }
    /// Decodes a row from its fields, looked up by column name.
    init(csvRow: CSVFieldReader) throws(CSVError)
    /// Columns a file may lack (appended to a schema after it was first written: a file without them
    /// reads them as empty).
    static var csvOptionalColumns: [String] { get }
}

extension CSVResultRow {
    /// None, unless a row type says otherwise.
    public static var csvOptionalColumns: [String] { [] }
}

/// Typed access to the fields of one data row, by column name, with `file:line` errors.
public struct CSVFieldReader: Sendable {
    /// The file the row is in.
    public let file: String
    /// The line the row starts on.
    public let line: Int
    private let columns: [String: Int]
    private let fields: [String]

    init(file: String, line: Int, columns: [String: Int], fields: [String]) {
        self.file = file
        self.line = line
        self.columns = columns
        self.fields = fields
    }

    private func error(_ column: String, _ value: String, _ what: String) -> CSVError {
        CSVError(file: file, line: line, message: "column \(column): \"\(value)\" is not \(what)")
    }

    /// The raw text of a column (the header check guarantees every column is present).
    public func string(_ column: String) -> String {
        guard let index = columns[column], index < fields.count else { return "" }
        return fields[index]
    }

    /// The largest magnitude an integer field may have: 2^50 (a PiB of bytes, 10^15 operations, 13
    /// days in nanoseconds), far beyond any measurement. Within it, every sum, difference and small
    /// multiple the report and `compare` form of a few fields stays within Int, and every figure
    /// converts to a Double exactly: no input can make them trap (INT64_MAX did).
    public static let integerMagnitudeLimit = 1 << 50

    /// An integer column, within ±`integerMagnitudeLimit`.
    public func int(_ column: String) throws(CSVError) -> Int {
        let text = string(column)
        guard let value = Int(text) else { throw error(column, text, "an integer") }
        guard value.magnitude <= UInt(Self.integerMagnitudeLimit) else {
            throw error(column, text, "a measurement (beyond ±2^50)")
        }
        return value
    }

    /// An integer column that may be empty (nil).
    public func optionalInt(_ column: String) throws(CSVError) -> Int? {
        string(column).isEmpty ? nil : try int(column)
    }

    /// A non-negative integer column holding a `UInt64`.
    public func uint64(_ column: String) throws(CSVError) -> UInt64 {
        let text = string(column)
        guard let value = UInt64(text) else { throw error(column, text, "a non-negative integer") }
        return value
    }

    /// A floating-point column. Infinities and NaN are refused: no figure mapheap writes is one,
    /// and an infinite baseline would make every tolerance infinite.
    public func double(_ column: String) throws(CSVError) -> Double {
        let text = string(column)
        guard let value = Double(text), value.isFinite else { throw error(column, text, "a finite number") }
        guard abs(value) <= Double(Self.integerMagnitudeLimit) else {
            throw error(column, text, "a measurement (beyond ±2^50)")
        }
        return value
    }

    /// A floating-point column that may be empty (nil); see `double(_:)`.
    public func optionalDouble(_ column: String) throws(CSVError) -> Double? {
        string(column).isEmpty ? nil : try double(column)
    }

    /// A positive integer column.
    public func positiveInt(_ column: String) throws(CSVError) -> Int {
        let text = string(column)
        guard let value = Int(text), value > 0 else { throw error(column, text, "a positive integer") }
        guard value <= Self.integerMagnitudeLimit else { throw error(column, text, "a measurement (beyond 2^50)") }
        return value
    }

    /// A column whose value must be one of `allowed`.
    public func choice(_ column: String, _ allowed: [String]) throws(CSVError) -> String {
        let text = string(column)
        guard allowed.contains(text) else {
            throw error(column, text, "one of " + allowed.joined(separator: ", "))
        }
        return text
    }

    /// A column whose value is the raw value of one of `Value`'s cases.
    public func choice<Value: RawRepresentable & CaseIterable>(
        _ column: String, _: Value.Type
    ) throws(CSVError) -> Value where Value.RawValue == String {
        let text = string(column)
        guard let value = Value(rawValue: text) else {
            throw error(column, text, "one of " + Value.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// A boolean column (`true` or `false`).
    public func bool(_ column: String) throws(CSVError) -> Bool {
        switch string(column) {
        case "true": return true
        case "false": return false
        case let text: throw error(column, text, "a boolean (true or false)")
        }
    }
}

/// Shared formatting of field values.
enum _CSVValue {
    static func int(_ value: Int?) -> String { value.map(String.init) ?? "" }
    static func double(_ value: Double) -> String { String(describing: value) }
    static func bool(_ value: Bool) -> String { value ? "true" : "false" }
}

extension SummaryRow: CSVResultRow {
    /// `mapheap.summary.v2` (Sources/columns.json).
    public static let csvSchema = _CSVColumns.summarySchema
    /// `summary.csv`.
    public static let csvFileName = _CSVColumns.summaryFile
    /// The columns of `summary.csv`, as Sources/columns.json states them (PROTOCOL.md describes them).
    public static let csvColumns = _CSVColumns.summary

    /// Columns appended to v2: the insert latency columns (PROTOCOL.md, "Insert latency"), the lookup
    /// columns (PROTOCOL.md, "Lookups"), `jobs_at_once`, which the parent fills in, and the map's Go
    /// types (`go_map_type`, `go_map_canonical`).
    public static let csvOptionalColumns = _CSVColumns.summaryOptional

    /// The columns a row has without a measurement: the workload as the suite states it, the status, the
    /// machine, the seed and the parent's `jobs_at_once`. A row whose status is not `ok` leaves the
    /// child's columns empty where it has no figure (0) (PROTOCOL.md); read back, those are 0 again.
    public static let unmeasuredColumns: Set<String> = [
        "schema", "workload", "impl", "key_type", "value_type", "sizing", "hint", "ops", "keys", "status", "machine",
        "seed", "jobs_at_once", "go_env",
    ]

    /// The row's fields in column order.
    public var csvFields: [String] {
        let fields = measuredFields
        guard status != .ok else { return fields }
        return zip(Self.csvColumns, fields).map { column, field in
            Self.unmeasuredColumns.contains(column) || (field != "0" && field != "0.0") ? field : ""
        }
    }

    private var measuredFields: [String] {
        [
            Self.csvSchema, workload, impl.rawValue, runtime, allocator, keyType, valueType, sizing.rawValue,
            String(hint), ops.rawValue,
            String(keys), String(inserts), String(deletes), String(finalCount), String(growths.total),
        ] + GrowthKind.allCases.map { String(growths[$0]) } + _MapStructureColumns.fields(structure) + [
            String(finalAllocatedBytes), String(peakAllocatedBytes), String(finalActiveBytes),
            String(finalResidentBytes), _CSVValue.int(mapBytes), _CSVValue.double(bytesPerKey),
            _CSVValue.int(gcCycles), _CSVValue.double(seconds), _CSVValue.double(nsPerInsert),
            _CSVValue.double(samplingOverhead), status.rawValue, machine, String(seed),
            _CSVValue.int(insertP99Nanoseconds), _CSVValue.int(insertMaxNanoseconds), _CSVValue.int(lookups),
            nsPerLookup.map(_CSVValue.double) ?? "", _CSVValue.int(jobsAtOnce),
            goMapType ?? "", goMapCanonical ?? "", goEnv,
        ]
    }

    /// Decodes a `summary.csv` row.
    public init(csvRow r: CSVFieldReader) throws(CSVError) {
        let status = try r.choice("status", WorkloadStatus.self)
        // A row without a measurement leaves the child's columns empty: read as 0.
        let measured = status == .ok
        func int(_ column: String) throws(CSVError) -> Int {
            measured ? try r.int(column) : try r.optionalInt(column) ?? 0
        }
        func double(_ column: String) throws(CSVError) -> Double {
            measured ? try r.double(column) : try r.optionalDouble(column) ?? 0
        }
        var growths = GrowthCounts()
        for kind in GrowthKind.allCases { growths[kind] = try int(kind.summaryColumn) }
        let total = try int("growths")
        guard total == growths.total else {
            throw CSVError(file: r.file, line: r.line,
                           message: "column growths: \(total) is not the sum of the growths_* columns "
                               + "(\(growths.total))")
        }
        self.init(
            workload: r.string("workload"), impl: try r.choice("impl", Workload.Impl.self),
            runtime: r.string("runtime"), allocator: r.string("allocator"), keyType: r.string("key_type"),
            valueType: r.string("value_type"), sizing: try r.choice("sizing", Workload.Sizing.self),
            hint: try r.int("hint"), ops: try r.choice("ops", Workload.Ops.self), keys: try r.positiveInt("keys"),
            inserts: try int("inserts"), deletes: try int("deletes"), finalCount: try int("final_count"),
            growths: growths, structure: try _MapStructureColumns.decode(r),
            finalAllocatedBytes: try int("final_allocated_bytes"),
            peakAllocatedBytes: try int("peak_allocated_bytes"), finalActiveBytes: try int("final_active_bytes"),
            finalResidentBytes: try int("final_resident_bytes"), mapBytes: try r.optionalInt("map_bytes"),
            bytesPerKey: try double("bytes_per_key"), gcCycles: try r.optionalInt("gc_cycles"),
            seconds: try double("seconds"), nsPerInsert: try double("ns_per_insert"),
            samplingOverhead: try double("sampling_overhead"),
            status: status,
            machine: r.string("machine"), seed: try r.uint64("seed")
        )
        insertP99Nanoseconds = try r.optionalInt("insert_p99_ns")
        insertMaxNanoseconds = try r.optionalInt("insert_max_ns")
        lookups = try r.optionalInt("lookups")
        nsPerLookup = try r.optionalDouble("ns_per_lookup")
        jobsAtOnce = try r.optionalInt("jobs_at_once")
        let goMap = r.string("go_map_type")
        goMapType = goMap.isEmpty ? nil : goMap
        let canonical = r.string("go_map_canonical")
        goMapCanonical = canonical.isEmpty ? nil : canonical
        goEnv = r.string("go_env")
    }
}

extension GrowthKind {
    /// The summary column that counts this kind: `growths_same_size`.
    public var summaryColumn: String { "growths_" + rawValue.replacingOccurrences(of: "-", with: "_") }
}

/// The structure columns, shared by summary.csv and curve.csv.
enum _MapStructureColumns {
    static func fields(_ s: MapStructure) -> [String] {
        [s.b, s.overflowBuckets, s.tables, s.directoryLength, s.capacity].map(_CSVValue.int)
    }

    static func decode(_ r: CSVFieldReader) throws(CSVError) -> MapStructure {
        MapStructure(b: try r.optionalInt("final_b"), overflowBuckets: try r.optionalInt("overflow_buckets"),
                     tables: try r.optionalInt("tables"), directoryLength: try r.optionalInt("directory_length"),
                     capacity: try r.optionalInt("capacity"))
    }
}

extension CurveRow: CSVResultRow {
    /// `mapheap.curve.v2` (Sources/columns.json).
    public static let csvSchema = _CSVColumns.curveSchema
    /// `curve.csv`.
    public static let csvFileName = _CSVColumns.curveFile
    /// The columns of `curve.csv`, as Sources/columns.json states them (PROTOCOL.md describes them).
    public static let csvColumns = _CSVColumns.curve

    /// The row's fields in column order.
    public var csvFields: [String] {
        [
            Self.csvSchema, workload, event.rawValue, String(keys), String(count), String(allocatedBytes),
            String(activeBytes), String(residentBytes), String(peakBytes), _CSVValue.int(mapBytes),
        ] + _MapStructureColumns.fields(structure) + [
            growing.map(_CSVValue.bool) ?? "", _CSVValue.double(elapsedSeconds),
        ]
    }

    /// Decodes a `curve.csv` row.
    public init(csvRow r: CSVFieldReader) throws(CSVError) {
        let eventText = r.string("event")
        guard let event = CurveEvent(rawValue: eventText) else {
            let allowed = CurveEvent.allCases.map(\.rawValue).joined(separator: ", ")
            throw CSVError(
                file: r.file, line: r.line, message: "column event: \"\(eventText)\" is not one of \(allowed)"
            )
        }
        self.init(
            workload: r.string("workload"), event: event, keys: try r.int("keys"), count: try r.int("count"),
            allocatedBytes: try r.int("allocated_bytes"), activeBytes: try r.int("active_bytes"),
            residentBytes: try r.int("resident_bytes"), peakBytes: try r.int("peak_bytes"),
            mapBytes: try r.optionalInt("map_bytes"), structure: try _MapStructureColumns.decode(r),
            growing: r.string("growing").isEmpty ? nil : try r.bool("growing"),
            elapsedSeconds: try r.double("elapsed_seconds")
        )
    }
}

extension GrowthRow: CSVResultRow {
    /// `mapheap.growth.v2` (Sources/columns.json).
    public static let csvSchema = _CSVColumns.growthSchema
    /// `growth.csv`.
    public static let csvFileName = _CSVColumns.growthFile
    /// The columns of `growth.csv`, as Sources/columns.json states them (PROTOCOL.md describes them).
    public static let csvColumns = _CSVColumns.growth

    /// The insert latency column (PROTOCOL.md, "Insert latency"), appended to v2.
    public static let csvOptionalColumns = _CSVColumns.growthOptional

    /// The row's fields in column order.
    public var csvFields: [String] {
        [
            Self.csvSchema, workload, String(index), kind.rawValue, String(countAtStart), String(keysAtStart),
            _CSVValue.int(bytesAllocated), _CSVValue.int(bytesReleased), _CSVValue.int(writesToFinish), detail,
            String(allocatedBytesAtStart), _CSVValue.int(allocatedBytesAtEnd), _CSVValue.int(maxInsertNanoseconds),
        ]
    }

    /// Decodes a `growth.csv` row.
    public init(csvRow r: CSVFieldReader) throws(CSVError) {
        let kindText = r.string("kind")
        guard let kind = GrowthKind(rawValue: kindText) else {
            let allowed = GrowthKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw CSVError(file: r.file, line: r.line, message: "column kind: \"\(kindText)\" is not one of \(allowed)")
        }
        self.init(
            workload: r.string("workload"), index: try r.int("index"), kind: kind,
            countAtStart: try r.int("count_at_start"), keysAtStart: try r.int("keys_at_start"),
            bytesAllocated: try r.optionalInt("bytes_allocated"), bytesReleased: try r.optionalInt("bytes_released"),
            writesToFinish: try r.optionalInt("writes_to_finish"), detail: r.string("detail"),
            allocatedBytesAtStart: try r.int("allocated_bytes_at_start"),
            allocatedBytesAtEnd: try r.optionalInt("allocated_bytes_at_end")
        )
        maxInsertNanoseconds = try r.optionalInt("max_insert_ns")
    }
}

extension CSVResultRow {
    /// The header line of this row type's file.
    public static var csvHeader: String { CSV.encodeRecord(csvColumns) }

    /// The row as one encoded CSV record (ending with LF).
    public var csvRecord: String { CSV.encodeRecord(csvFields) }

    /// Encodes rows as a whole file: the header, then one record per row.
    public static func csvDocument(_ rows: [Self]) -> String {
        var text = csvHeader
        for row in rows { text += row.csvRecord }
        return text
    }

    /// Decodes a whole file's text; `file` is the name used in `file:line` errors.
    ///
    /// Checks the header (every column present, none unexpected; order is free), then every row's
    /// schema id, field count and field types.
    public static func decodeCSV(_ text: String, file: String) throws(CSVError) -> [Self] {
        try decodeCSV(records: CSV.parse(text, file: file), file: file)
    }

    /// Decodes already-parsed records; see `decodeCSV(_:file:)`.
    public static func decodeCSV(records: [CSVRecord], file: String) throws(CSVError) -> [Self] {
        guard let header = records.first else {
            throw CSVError(file: file, line: 1, message: "empty file; expected a header row starting with schema")
        }
        let rows = records.dropFirst()
        let decoder = try CSVRowDecoder<Self>(header: header, firstRow: rows.first, file: file)
        var decoded: [Self] = []
        decoded.reserveCapacity(rows.count)
        for record in rows { decoded.append(try decoder.decode(record)) }
        return decoded
    }
}

/// Decodes the data rows of one file after checking its header once: the header must hold every
/// column (order is free), none unexpected and none twice; every row its file's schema id, as many
/// fields as the header, and fields of the right types.
public struct CSVRowDecoder<Row: CSVResultRow> {
    /// The file's name, for errors.
    public let file: String
    /// Fields per row (the header's).
    public let fieldCount: Int
    private let columns: [String: Int]

    /// Checks `header`; `firstRow`, when there is one, tells a file of another schema version apart.
    public init(header: CSVRecord, firstRow: CSVRecord?, file: String) throws(CSVError) {
        self.file = file
        let missing = Row.csvColumns.filter { !header.fields.contains($0) && !Row.csvOptionalColumns.contains($0) }
        let unexpected = header.fields.filter { !Row.csvColumns.contains($0) }
        if !missing.isEmpty || !unexpected.isEmpty || header.fields.first != "schema" {
            // A file of another schema version has another header: say so rather than list columns.
            if let firstRow { try Self.checkSchema(firstRow, file: file) }
            if header.fields.first != "schema" && missing.isEmpty && unexpected.isEmpty {
                throw CSVError(file: file, line: header.line, message: "header must start with column schema")
            }
            var problems: [String] = []
            if !missing.isEmpty { problems.append("missing column(s) " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { problems.append("unexpected column(s) " + unexpected.joined(separator: ", ")) }
            throw CSVError(
                file: file, line: header.line,
                message: "header: " + problems.joined(separator: "; ") + " (expected \(Row.csvSchema) columns)"
            )
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            guard columns[name] == nil else {
                let duplicated = Set(header.fields.filter { field in header.fields.filter { $0 == field }.count > 1 })
                throw CSVError(file: file, line: header.line,
                               message: "header: column \(duplicated.sorted().first ?? name) appears twice")
            }
            columns[name] = index
        }
        self.columns = columns
        fieldCount = header.fields.count
    }

    private static func checkSchema(_ record: CSVRecord, file: String) throws(CSVError) {
        let schema = record.fields.first ?? ""
        guard schema == Row.csvSchema else {
            // Schema v1 (mapheap before the child protocol) had GoMap's columns; its figures are
            // still right, but they must be measured again to be read by this mapheap.
            let v1 = schema.hasPrefix("mapheap.") && schema.hasSuffix(".v1")
            throw CSVError(
                file: file, line: record.line,
                message: "schema \"\(schema)\" is not supported; this mapheap reads \(Row.csvSchema)"
                    + (v1 ? "; re-measure with this mapheap (mapheap run, or scripts/update-baseline.sh "
                        + "ci|default for the committed baselines)" : "")
            )
        }
    }

    /// One data row.
    public func decode(_ record: CSVRecord) throws(CSVError) -> Row {
        try Self.checkSchema(record, file: file)
        guard record.fields.count == fieldCount else {
            throw CSVError(file: file, line: record.line,
                           message: "expected \(fieldCount) fields, found \(record.fields.count)")
        }
        return try Row(csvRow: CSVFieldReader(file: file, line: record.line, columns: columns, fields: record.fields))
    }
}
