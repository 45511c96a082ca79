// Pen input shared by the writing pad and the signature pad (a stroke as the loop sends it), and
// the commitment's signature: its length of ink, and its strokes drawn into a PNG (zlib).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "toolkit/input_method.h"

namespace yiwang::kiosk {

// The signature pad takes at most this many strokes, and points in all of them together.
inline constexpr std::size_t kSignMaxStrokes = 40;
inline constexpr std::size_t kSignMaxPoints = 8192;
// Less ink than this (pad pixels along the strokes) is a tap or a dot, not a signature.
inline constexpr double kSignMinInk = 400;
// The PNG sent to the platform: the 900x300 pad scaled to 600x200, 8-bit grey.
inline constexpr int kSignPngWidth = 600;
inline constexpr int kSignPngHeight = 200;

// "x,y x,y ..." into points clamped to a width x height pad; empty when malformed or longer than
// max_points.
ui::PenStroke parse_pen_stroke(const std::string& text, int width, int height,
                               std::size_t max_points);

// The length of the strokes' lines, in pad pixels.
double ink_length(const std::vector<ui::PenStroke>& strokes);

// Black ink on white, the pad (pad_w x pad_h) scaled to width x height: a PNG file's bytes.
std::string signature_png(const std::vector<ui::PenStroke>& strokes, int pad_w, int pad_h,
                          int width, int height);

// Standard base64 (RFC 4648, with padding).
std::string base64(std::string_view bytes);

}  // namespace yiwang::kiosk
