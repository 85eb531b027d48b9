import CCairo

/// One page of a PDF drawn with cairo, in points (1/72 inch) from the top left corner.
///
/// Text is laid out with cairo's own simple text API (fontconfig picks the face), which is
/// enough for a certificate's short lines; ``fit(_:font:size:maxWidth:)`` shrinks a line that
/// would not fit. ``finish()`` ends the document and gives its bytes.
public final class PDFPage {
    /// Why the page could not be made or finished.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// A typeface: family, and whether bold or italic.
    public struct Font: Sendable, Hashable {
        public var family: String
        public var bold: Bool
        public var italic: Bool

        public init(family: String, bold: Bool = false, italic: Bool = false) {
            self.family = family
            self.bold = bold
            self.italic = italic
        }
    }

    /// Where a line of text stands relative to its x.
    public enum Alignment: Sendable, Hashable {
        case left, center, right
    }

    /// A colour, each part 0 to 1.
    public struct Color: Sendable, Hashable {
        public var red: Double
        public var green: Double
        public var blue: Double

        public init(red: Double, green: Double, blue: Double) {
            self.red = red
            self.green = green
            self.blue = blue
        }

        public static let black = Color(red: 0, green: 0, blue: 0)
    }

    /// A4 in points.
    public static let a4 = (width: 595.276, height: 841.89)

    public let width: Double
    public let height: Double
    private let sink: Sink
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private var finished = false

    /// Collects what cairo writes.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    /// A blank page `width` by `height` points, with `title` and `author` in its metadata.
    public init(width: Double, height: Double, title: String, author: String) throws(Failure) {
        self.width = width
        self.height = height
        let sink = Sink()
        self.sink = sink
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard
            let surface = cairo_pdf_surface_create_for_stream(
                { closure, data, length in
                    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                    let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
                    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                    return CAIRO_STATUS_SUCCESS
                }, closure, width, height)
        else { throw Failure(description: "cairo could not make a PDF surface") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw Failure(description: "cairo could not make a PDF surface: \(Self.message(status))")
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "spacert")
        self.surface = surface
        context = cairo_create(surface)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    private static func message(_ status: cairo_status_t) -> String {
        String(cString: cairo_status_to_string(status))
    }

    private func select(_ font: Font, size: Double) {
        cairo_select_font_face(
            context, font.family, font.italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
            font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    /// How wide `text` is in `font` at `size`.
    public func width(of text: String, font: Font, size: Double) -> Double {
        select(font, size: size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// `size`, or smaller so that `text` fits in `maxWidth` (never below a third of `size`).
    public func fit(_ text: String, font: Font, size: Double, maxWidth: Double) -> Double {
        let natural = width(of: text, font: font, size: size)
        guard natural > maxWidth, natural > 0 else { return size }
        return max(size / 3, size * maxWidth / natural)
    }

    /// Draws one line of `text` with its baseline at `y`.
    public func text(
        _ text: String, x: Double, y: Double, font: Font, size: Double, alignment: Alignment = .left,
        color: Color = .black
    ) {
        let advance = width(of: text, font: font, size: size)
        let left: Double
        switch alignment {
        case .left: left = x
        case .center: left = x - advance / 2
        case .right: left = x - advance
        }
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_move_to(context, left, y)
        cairo_show_text(context, text)
    }

    /// A straight line `lineWidth` points wide.
    public func line(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), lineWidth: Double,
        color: Color = .black
    ) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_set_line_width(context, lineWidth)
        cairo_move_to(context, start.x, start.y)
        cairo_line_to(context, end.x, end.y)
        cairo_stroke(context)
    }

    /// The outline of a rectangle.
    public func strokeRectangle(
        x: Double, y: Double, width: Double, height: Double, lineWidth: Double, color: Color = .black
    ) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    /// Filled rectangles, all in one path (a QR code's dark modules).
    public func fillRectangles(
        _ rectangles: [(x: Double, y: Double, width: Double, height: Double)], color: Color = .black
    ) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
        for box in rectangles { cairo_rectangle(context, box.x, box.y, box.width, box.height) }
        cairo_fill(context)
    }

    /// Draws the PNG image in `bytes` scaled to fit in the box, centred on `centerX`, top at
    /// `y`; returns the height drawn.
    @discardableResult
    public func png(bytes: [UInt8], centerX: Double, y: Double, maxWidth: Double, maxHeight: Double)
        throws(Failure) -> Double
    {
        final class Source {
            let bytes: [UInt8]
            var offset = 0
            init(_ bytes: [UInt8]) { self.bytes = bytes }
        }
        let source = Source(bytes)
        let image = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(
                { closure, data, length in
                    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                    let source = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
                    let count = Int(length)
                    guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                    source.bytes.withUnsafeBufferPointer {
                        data.update(from: $0.baseAddress! + source.offset, count: count)
                    }
                    source.offset += count
                    return CAIRO_STATUS_SUCCESS
                }, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let image else { throw Failure(description: "cairo could not read the PNG image") }
        defer { cairo_surface_destroy(image) }
        let status = cairo_surface_status(image)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw Failure(description: "the logo is not a PNG image cairo can read: \(Self.message(status))")
        }
        let pixelWidth = Double(cairo_image_surface_get_width(image))
        let pixelHeight = Double(cairo_image_surface_get_height(image))
        guard pixelWidth > 0, pixelHeight > 0 else {
            throw Failure(description: "the logo is an empty image")
        }
        let scale = min(maxWidth / pixelWidth, maxHeight / pixelHeight)
        cairo_save(context)
        cairo_translate(context, centerX - pixelWidth * scale / 2, y)
        cairo_scale(context, scale, scale)
        cairo_set_source_surface(context, image, 0, 0)
        cairo_paint(context)
        cairo_restore(context)
        return pixelHeight * scale
    }

    /// Ends the page and the document; the PDF's bytes.
    public func finish() throws(Failure) -> [UInt8] {
        guard !finished else { return sink.bytes }
        finished = true
        cairo_show_page(context)
        let drawn = cairo_status(context)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard drawn == CAIRO_STATUS_SUCCESS, status == CAIRO_STATUS_SUCCESS else {
            let failed = drawn != CAIRO_STATUS_SUCCESS ? drawn : status
            throw Failure(description: "cairo could not write the PDF: \(Self.message(failed))")
        }
        return sink.bytes
    }
}
