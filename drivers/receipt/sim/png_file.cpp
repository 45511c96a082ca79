// save_png: IMG_SavePNG from libSDL2_image, looked up once with dlopen.
#include "receipt/sim/png_file.h"

#include <SDL_image.h>
#include <dlfcn.h>

#include <mutex>

namespace yiwang::drivers {

namespace {

struct SdlImage {
  decltype(&::IMG_SavePNG) save_png = nullptr;
};

// Filled once (the first caller opens the library), then only read; null when it cannot open.
const SdlImage* sdl_image() {
  static std::once_flag once;
  static SdlImage api;
  static bool ready = false;
  std::call_once(once, [] {
    void* library = dlopen("libSDL2_image-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) return;
    api.save_png = reinterpret_cast<decltype(api.save_png)>(dlsym(library, "IMG_SavePNG"));
    ready = api.save_png != nullptr;
  });
  return ready ? &api : nullptr;
}

}  // namespace

bool save_png(SDL_Surface* surface, const std::string& path, std::string& error) {
  const SdlImage* api = sdl_image();
  if (api == nullptr) {
    error = "cannot open libSDL2_image-2.0.so.0 (Debian: libsdl2-image-2.0-0)";
    return false;
  }
  if (api->save_png(surface, path.c_str()) != 0) {
    error = SDL_GetError();  // SDL_image reports through SDL's error
    return false;
  }
  return true;
}

}  // namespace yiwang::drivers
