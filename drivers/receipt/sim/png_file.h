// Writes an SDL surface as a PNG file through SDL_image, opened with dlopen on first use.
#pragma once

#include <SDL.h>

#include <string>

namespace yiwang::drivers {

// True when written; else error says why. SDL_image (and the image codecs it pulls in: TIFF,
// WebP, JPEG...) is opened by the first call, not mapped before main: the kiosk writes PNGs only
// for the virtual receipt printer and scripted screenshots.
bool save_png(SDL_Surface* surface, const std::string& path, std::string& error);

}  // namespace yiwang::drivers
