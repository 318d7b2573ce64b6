import BiocapDeviceKit

/// Assembles the frames or lines of a swipe sensor into one image, reproducing libfprint's
/// `fpi-assembling.c` bit for bit (the same search order, the same unsigned 32-bit error arithmetic,
/// the same tie-breaking), so a recording gives exactly libfprint's image.
///
/// Frames: `estimateMovement` finds each frame's offset to the previous one (both swipe directions
/// are tried; the better average error wins), then `assembleFrames` pastes them into one image.
/// Lines: `assembleLines` (in `SwipeAssembler+Lines.swift`) matches lines and rescales for speed.
public enum SwipeAssembler {
    /// Sets `deltaX`/`deltaY` of every frame but the first from the best overlap with its
    /// predecessor (libfprint's `fpi_do_movement_estimation`). Frames must match `geometry`.
    public static func estimateMovement(_ frames: inout [SwipeFrame], geometry: SwipeFrameGeometry) {
        guard frames.count > 1, geometry.frameWidth > 0, geometry.frameHeight > 0,
              frames.allSatisfy({ $0.pixels.count == geometry.frameSize }) else { return }
        let forward = movementPass(&frames, geometry: geometry, reverse: false)
        let reverse = movementPass(&frames, geometry: geometry, reverse: true)
        if forward < reverse {
            _ = movementPass(&frames, geometry: geometry, reverse: false)
        }
    }

    /// Pastes the frames into one image, each offset by the accumulated movement (libfprint's
    /// `fpi_assemble_frames`). The image is `imageWidth` wide and flagged inverted, and also
    /// flipped both ways unless the swipe ran backwards. Throws when there is nothing to assemble.
    public static func assembleFrames(_ frames: [SwipeFrame], geometry: SwipeFrameGeometry) throws(FingerprintDriverError) -> SwipeImage {
        guard !frames.isEmpty else { throw .protocolViolation("no swipe frames to assemble") }
        guard geometry.frameWidth > 0, geometry.frameHeight > 0, geometry.imageWidth > 0 else {
            throw .protocolViolation("swipe geometry \(geometry.frameWidth)×\(geometry.frameHeight) → \(geometry.imageWidth) is empty")
        }
        guard frames.allSatisfy({ $0.pixels.count == geometry.frameSize }) else {
            throw .protocolViolation("a swipe frame does not hold \(geometry.frameWidth)×\(geometry.frameHeight) pixels")
        }
        var height = frames.dropFirst().reduce(0) { $0 + $1.deltaY }
        let reverse = height < 0
        if reverse { height = -height }
        height += geometry.frameHeight
        let width = geometry.imageWidth
        var pixels = [UInt8](repeating: 0, count: width * height)
        var y = reverse ? height - geometry.frameHeight : 0
        var x = (geometry.imageWidth - geometry.frameWidth) / 2
        for (index, frame) in frames.enumerated() {
            if index > 0 {
                y += frame.deltaY
                x += frame.deltaX
            }
            blit(frame, into: &pixels, width: width, height: height, geometry: geometry, x: x, y: y)
        }
        let flags: SwipeImageFlags = reverse ? [.colorsInverted] : [.colorsInverted, .horizontallyFlipped, .verticallyFlipped]
        return SwipeImage(width: width, height: height, pixels: pixels, flags: flags)
    }

    /// One pass over all frames; returns the average minimal error as libfprint's `int`.
    private static func movementPass(_ frames: inout [SwipeFrame], geometry: SwipeFrameGeometry, reverse: Bool) -> Int32 {
        var total: UInt64 = 0
        for index in 1..<frames.count {
            let previous = frames[index - 1].pixels
            let current = frames[index].pixels
            let overlap = reverse
                ? findOverlap(previous, current, geometry: geometry)
                : findOverlap(current, previous, geometry: geometry)
            if let delta = overlap.delta {
                frames[index].deltaX = delta.x
                frames[index].deltaY = delta.y
            }
            if reverse {
                frames[index].deltaX = -frames[index].deltaX
                frames[index].deltaY = -frames[index].deltaY
            }
            total += UInt64(overlap.minimumError)
        }
        let average = UInt32(truncatingIfNeeded: total / UInt64(frames.count))
        return Int32(bitPattern: average)
    }

    /// The offset (dy from 2, dx from −8 to 7, first strictly smaller error wins) with the least
    /// normalised difference; `delta` is nil when no offset beat the initial bound.
    private static func findOverlap(_ first: [UInt8], _ second: [UInt8], geometry: SwipeFrameGeometry) -> (delta: (x: Int, y: Int)?, minimumError: UInt32) {
        var minimum = UInt32(truncatingIfNeeded: 255 &* geometry.frameHeight &* geometry.frameWidth)
        var best: (x: Int, y: Int)?
        first.withUnsafeBufferPointer { a in
            second.withUnsafeBufferPointer { b in
                var dy = 2
                while dy < geometry.frameHeight {
                    for dx in -8..<8 {
                        let error = calcError(a, b, geometry: geometry, dx: dx, dy: dy)
                        if error < minimum {
                            minimum = error
                            best = (-dx, dy)
                        }
                    }
                    dy += 1
                }
            }
        }
        return (best, minimum)
    }

    /// Sum of absolute differences of the overlapping parts, scaled to a whole frame, in libfprint's
    /// unsigned 32-bit arithmetic.
    private static func calcError(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>,
                                  geometry: SwipeFrameGeometry, dx: Int, dy: Int) -> UInt32 {
        let frameWidth = geometry.frameWidth
        let width = frameWidth - abs(dx)
        let height = geometry.frameHeight - dy
        guard width > 0, height > 0 else { return UInt32(Int32.max) }
        var error: UInt32 = 0
        let x1Start = dx < 0 ? 0 : dx
        let x2Start = dx < 0 ? -dx : 0
        for row in 0..<height {
            let row1 = row * frameWidth + x1Start
            let row2 = (row + dy) * frameWidth + x2Start
            for column in 0..<width {
                let v1 = first[row1 + column], v2 = second[row2 + column]
                error &+= UInt32(v1 > v2 ? v1 - v2 : v2 - v1)
            }
        }
        error = error &* UInt32(truncatingIfNeeded: geometry.frameHeight &* frameWidth)
        return error / UInt32(truncatingIfNeeded: height * width)
    }

    /// Copies a frame into the image at (x, y), clipped to the image (libfprint's `aes_blit_stripe`).
    private static func blit(_ frame: SwipeFrame, into pixels: inout [UInt8], width: Int, height: Int,
                             geometry: SwipeFrameGeometry, x: Int, y: Int) {
        let imageX = max(0, x), frameX = x < 0 ? -x : 0
        let imageY = max(0, y), frameY = y < 0 ? -y : 0
        var fy = frameY, iy = imageY
        while fy < geometry.frameHeight, iy < height {
            var fx = frameX, ix = imageX
            while fx < geometry.frameWidth, ix < width {
                pixels[ix + iy * width] = frame.pixels[fx + fy * geometry.frameWidth]
                fx += 1
                ix += 1
            }
            fy += 1
            iy += 1
        }
    }
}
