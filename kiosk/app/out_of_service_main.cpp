// kiosk-out-of-service: the kiosk's own out-of-service screen (hotline included) as a still, for
// systemd to show when the kiosk keeps failing to start (yiwang-out-of-service.service).
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "display/kms_output.h"
#include "screens/screens.h"
#include "services/font_list.h"
#include "services/i18n.h"
#include "services/service_notify.h"
#include "toolkit/canvas.h"
#include "toolkit/screen.h"

namespace {

// kiosk-out-of-service [ASSETS_DIR] [--headless PNG | --kms CARD]: --headless draws into a file
// (tests); --kms onto the panel through DRM/KMS (the appliance), else an SDL window.
int show(const std::string& assets, const std::string& png, const std::string& kms_card) {
  using namespace yiwang;
  kiosk::I18n i18n;
  std::string error;
  if (!i18n.load(assets + "/i18n/strings.tsv", error)) {
    std::cerr << "kiosk-out-of-service: " << error << "\n";
    return 1;
  }
  const std::string font = kiosk::first_listed_font(assets + "/fonts.txt");
  // SIGTERM ends it as SDL_QUIT (SDL's own handlers): systemd stops it when the kiosk starts.
  if (!png.empty() || !kms_card.empty()) SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
  std::unique_ptr<drivers::KmsOutput> kms;
  if (png.empty() && !kms_card.empty()) {
    auto output = drivers::KmsOutput::open(kms_card);
    if (!output.ok()) {
      std::cerr << "kiosk-out-of-service: display (KMS): " << output.error() << "\n";
      return 1;
    }
    kms = std::move(output).value();
  }
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::cerr << "kiosk-out-of-service: SDL_Init: " << SDL_GetError() << "\n";
    return 1;
  }
  SDL_Window* window = nullptr;
  SDL_Surface* surface = nullptr;
  SDL_Renderer* renderer = nullptr;
  if (kms) {
    surface = SDL_CreateRGBSurfaceWithFormat(0, kms->width(), kms->height(), 32,
                                             SDL_PIXELFORMAT_ARGB8888);
    if (surface) renderer = SDL_CreateSoftwareRenderer(surface);
    if (renderer) SDL_RenderSetLogicalSize(renderer, ui::theme::kWidth, ui::theme::kHeight);
  } else if (png.empty()) {
    window = SDL_CreateWindow("Yiwang Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              ui::theme::kWidth, ui::theme::kHeight, SDL_WINDOW_FULLSCREEN_DESKTOP);
    if (window) renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (renderer) SDL_RenderSetLogicalSize(renderer, ui::theme::kWidth, ui::theme::kHeight);
    SDL_ShowCursor(SDL_DISABLE);
  } else {
    surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight, 32,
                                             SDL_PIXELFORMAT_ARGB8888);
    if (surface) renderer = SDL_CreateSoftwareRenderer(surface);
  }
  auto canvas = renderer ? ui::Canvas::create(renderer, font, error) : nullptr;
  int status = 0;
  if (!canvas) {
    std::cerr << "kiosk-out-of-service: cannot draw: " << (renderer ? error : SDL_GetError())
              << "\n";
    status = 1;
  } else {
    ui::ViewModel model;
    model.screen = ui::ScreenId::out_of_service;
    model.link = "down";  // the kiosk is not running: nothing is known of the platform
    model.link_up = false;
    ui::ScreenStack stack;
    stack.request_screen(ui::make_screen(model.screen));
    stack.apply_pending();
    ui::Frame frame;
    const auto draw = [&] {
      stack.build(model, i18n, frame);
      canvas->draw(frame);
      SDL_RenderPresent(renderer);
      if (kms) {
        auto shown = kms->present(static_cast<const uint8_t*>(surface->pixels), surface->pitch);
        if (!shown.ok()) std::cerr << "kiosk-out-of-service: display: " << shown.error() << "\n";
      }
    };
    draw();
    if (!png.empty()) {
      status = IMG_SavePNG(surface, png.c_str()) == 0 ? 0 : 1;
    } else {
      const kiosk::ServiceNotifier systemd = kiosk::ServiceNotifier::from_environment();
      systemd.notify("READY=1\nSTATUS=out-of-service screen shown");
      if (kms) {
        // A still on the panel: nothing to do until systemd stops it (no event loop to poll).
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGINT);
        pthread_sigmask(SIG_BLOCK, &stop, nullptr);
        int signal = 0;
        sigwait(&stop, &signal);
      } else {
        for (SDL_Event event; SDL_WaitEvent(&event) && event.type != SDL_QUIT;)
          if (event.type == SDL_WINDOWEVENT) draw();
      }
    }
  }
  canvas.reset();
  if (renderer) SDL_DestroyRenderer(renderer);
  if (window) SDL_DestroyWindow(window);
  if (surface) SDL_FreeSurface(surface);
  if (TTF_WasInit()) TTF_Quit();
  SDL_Quit();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string assets = argc > 1 ? argv[1] : YIWANG_ASSETS_DIR;
  const std::string mode = argc > 3 ? argv[2] : "";
  return show(assets, mode == "--headless" ? argv[3] : "", mode == "--kms" ? argv[3] : "");
}
