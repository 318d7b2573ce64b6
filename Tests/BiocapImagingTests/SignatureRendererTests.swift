import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// The signature renderer on real SVC2004 signatures and on synthetic strokes.
@Suite struct SignatureRendererTests {
    /// Distance from (px, py) to the segment a–b.
    static func distance(_ px: Double, _ py: Double, _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared > 0 ? min(1, max(0, ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared)) : 0
        let cx = a.x + t * dx - px, cy = a.y + t * dy - py
        return (cx * cx + cy * cy).squareRoot()
    }

    @Test(arguments: ["Task2_U1S1.TXT", "Task1_U1S1.TXT"])
    func inkLiesOnTheStrokes(file: String) throws {
        let trace = try SVC2004.trace(file)
        let renderer = SignatureRenderer()
        let raster = try renderer.render(trace)
        let image = raster.image
        // The ink region drawn 600 px wide, plus on each side 8 px and half the widest stroke (0.4 mm at 8 px/mm, rounded up).
        #expect(image.width == 600 + 2 * (8 + 4))
        let segments: [((x: Double, y: Double), (x: Double, y: Double))] = trace.strokes.flatMap { stroke in
            let points = trace.samples[stroke].map { raster.pixel(padX: Double($0.x), padY: Double($0.y)) }
            return points.count == 1 ? [(points[0], points[0])] : Array(zip(points, points.dropFirst()))
        }
        let widest = renderer.options.maximumStrokeMillimetres * SignatureRenderOptions.nominalPixelsPerMillimetre / 2
        var inked = 0
        for y in 0..<image.height {
            for x in 0..<image.width where image.alpha(x: x, y: y) > 0 {
                inked += 1
                let nearest = segments.map { Self.distance(Double(x) + 0.5, Double(y) + 0.5, $0.0, $0.1) }.min() ?? .infinity
                #expect(nearest <= widest + 0.75, "ink at (\(x), \(y)) is \(nearest) px from every stroke")
            }
        }
        // Every pen-down sample is covered by (nearly) opaque ink.
        for sample in trace.samples where sample.tip {
            let point = raster.pixel(padX: Double(sample.x), padY: Double(sample.y))
            let x = min(image.width - 1, Int(point.x)), y = min(image.height - 1, Int(point.y))
            #expect(image.alpha(x: x, y: y) >= 128, "sample at (\(sample.x), \(sample.y)) is not inked")
        }
        #expect(inked > 1000)
        // Corners are transparent, and the ink's grey is the ink colour.
        #expect(image.alpha(x: 0, y: 0) == 0 && image.alpha(x: image.width - 1, y: image.height - 1) == 0)
        #expect(image.gray(x: 0, y: 0) == renderer.options.ink)
    }

    /// A horizontal stroke 40 mm long at constant pressure, on a 10 counts/mm pad.
    static func line(pressure: Int) -> SignatureTrace {
        let geometry = PadGeometry(width: 1000, height: 300, xCountsPerMillimetre: 10, yCountsPerMillimetre: 10,
                                   pressureMaximum: 1000, samplesPerSecond: 100)
        let samples = (0...40).map { PenPoint(x: 100 + $0 * 10, y: 150, pressure: pressure, tip: true, time: .milliseconds($0 * 10)) }
        return SignatureTrace(geometry: geometry, samples: samples)
    }

    /// Ink summed down the column in the stroke's middle, in pixels: the stroke's width.
    static func thickness(_ raster: SignatureRaster) -> Double {
        let x = raster.image.width / 2
        return (0..<raster.image.height).reduce(0) { $0 + Double(raster.image.alpha(x: x, y: $1)) / 255 }
    }

    @Test func widthGrowsWithPressure() throws {
        let renderer = SignatureRenderer(options: SignatureRenderOptions(pixelsPerMillimetre: 20))
        let light = Self.thickness(try renderer.render(Self.line(pressure: 0)))
        let medium = Self.thickness(try renderer.render(Self.line(pressure: 500)))
        let firm = Self.thickness(try renderer.render(Self.line(pressure: 1000)))
        // 0.3, 0.55 and 0.8 mm at 20 px/mm: 6, 11 and 16 px.
        #expect(abs(light - 6) < 0.6 && abs(medium - 11) < 0.6 && abs(firm - 16) < 0.6, "\(light) \(medium) \(firm)")
        let raster = try renderer.render(Self.line(pressure: 500))
        #expect(raster.pixelsPerMillimetre == 20)
        // 401 counts at 2 px/count, plus on each side 8 px and half the widest stroke (8 px) and the anti-aliasing pixel.
        #expect(raster.image.width == 802 + 2 * (8 + 9))
    }

    @Test func signingBoxRegionShowsTheWholeBox() throws {
        var trace = Self.line(pressure: 300)
        trace.geometry.signingBox = PadBox(x: 50, y: 50, width: 600, height: 200)
        let raster = try SignatureRenderer(options: SignatureRenderOptions(pixelsPerMillimetre: 5, region: .signingBox)).render(trace)
        #expect(raster.image.width == 300 && raster.image.height == 100)
        let corner = raster.pixel(padX: 50, padY: 50)
        #expect(corner.x == 0 && corner.y == 0)
    }

    @Test func pngAndJPEGCarryTheRaster() throws {
        let raster = try SignatureRenderer().render(try SVC2004.trace("Task2_U1S2.TXT"))
        let png = try raster.png()
        #expect(try PNGCodec.decode(png) == raster.image)
        if let python = ExternalTool.path("python3") {
            let directory = try TestData.temporaryDirectory("signature-png")
            defer { try? FileManager.default.removeItem(at: directory) }
            let pngURL = directory.appendingPathComponent("sig.png"), rawURL = directory.appendingPathComponent("sig.raw")
            try Data(png).write(to: pngURL)
            let result = try ExternalTool.run(python, [TestData.packageRoot.appendingPathComponent("scripts/png-decode").path,
                                                       pngURL.path, rawURL.path])
            #expect(result.status == 0, "\(result.output)")
            #expect([UInt8](try Data(contentsOf: rawURL)) == raster.image.pixels)
        } else if ExternalTool.required {
            Issue.record("python3 is missing on CI")
        }
        let white = raster.onWhite
        let jpeg = try JPEGCodec.decode(try raster.jpeg(quality: 95)).gray
        #expect(jpeg.width == white.width && jpeg.height == white.height)
        var difference = 0
        for index in white.pixels.indices { difference += abs(Int(white.pixels[index]) - Int(jpeg.pixels[index])) }
        #expect(Double(difference) / Double(white.pixels.count) < 3, "JPEG stays close to the raster on white")
        #expect(white.pixels.min() ?? 255 < 64 && white.pixels.max() == 255)
    }

    @Test func absurdSizesAreRefused() throws {
        var trace = Self.line(pressure: 10)
        trace.samples[0].x = -10_000_000
        #expect(throws: ImageError.self) { try SignatureRenderer().render(trace) }
        #expect(throws: ImageError.self) {
            try SignatureRenderer(options: SignatureRenderOptions(pixelsPerMillimetre: 0)).render(Self.line(pressure: 1))
        }
    }
}
