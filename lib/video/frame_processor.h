// Per-frame processors of the labelling pipeline: they modify decoded 8-bit planar YUV frames
// in place (watermark on luma, visible label on the label's region only).
#ifndef AIGCMARK_VIDEO_FRAME_PROCESSOR_H_
#define AIGCMARK_VIDEO_FRAME_PROCESSOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "aigcmark/image.h"
#include "aigcmark/status.h"
#include "aigcmark/visible.h"
#include "aigcmark/watermark.h"

namespace aigcmark::video {

/// Y'CbCr → R'G'B' coefficients of one frame (from its colour matrix and range).
struct YuvMatrix {
  double kr = 0.2126;  ///< BT.709 by default.
  double kb = 0.0722;
  bool full_range = false;
};
/// BT.601 / BT.709 / BT.2020 from an AVColorSpace value; unspecified picks BT.709 for
/// frames at least 720 rows high and BT.601 below (what players assume).
YuvMatrix MatrixFor(int av_colorspace, bool full_range, int height);

/// One decoded frame in 8-bit planar YUV (4:2:0, 4:2:2 or 4:4:4), writable in place.
struct YuvFrame {
  PlaneView y, u, v;
  int chroma_shift_x = 1;  ///< log2 of horizontal chroma subsampling.
  int chroma_shift_y = 1;  ///< log2 of vertical chroma subsampling.
  YuvMatrix matrix;
  double seconds = 0.0;    ///< Presentation time since the first frame.
  int64_t index = 0;       ///< Frame number in output order.
};

/// A step applied to every frame in presentation order.
class FrameProcessor {
 public:
  virtual ~FrameProcessor() = default;
  /// Modifies `frame` in place; an error stops the pipeline.
  virtual Status Process(YuvFrame& frame) = 0;
};

/// Draws the visible label on frames before `until_seconds`, upright in display orientation
/// (`rotation_cw` = clockwise degrees a player turns the stored frame: 0, 90, 180, 270). Only
/// the label's box is converted to BGR and back, and only pixels the painter changed are written
/// back, so the rest of the frame stays bit-exact.
class VisibleLabelProcessor : public FrameProcessor {
 public:
  static StatusOr<std::unique_ptr<VisibleLabelProcessor>> Create(
      int width, int height, int rotation_cw, const VisibleAddOptions& options,
      double until_seconds);
  Status Process(YuvFrame& frame) override;
  /// Frames labelled so far; the counter outlives the processor (the pipeline owns and destroys
  /// processors before callers read their totals).
  std::shared_ptr<const int64_t> frames_labelled() const { return frames_labelled_; }
  const VisibleLabelInfo& info() const { return painter_.info(); }

 private:
  VisibleLabelProcessor(VisibleLabelPainter painter, Image canvas, int width, int height,
                        int rotation_cw, double until_seconds);
  // Stored-frame coordinates of a display pixel, and back.
  void ToStored(int dx, int dy, int* sx, int* sy) const;
  void ToDisplay(int sx, int sy, int* dx, int* dy) const;

  VisibleLabelPainter painter_;
  Image canvas_;                  // display-oriented BGR; only the label box is ever filled
  int width_, height_;            // stored frame size
  int rotation_cw_;
  std::vector<uint8_t> before_;   // the label box as converted, to spot changed pixels
  std::vector<uint8_t> dirty_;    // per chroma sample: touched by the label in this frame
  std::vector<int> dirty_list_;
  double until_seconds_;
  std::shared_ptr<int64_t> frames_labelled_ = std::make_shared<int64_t>(0);
};

/// Embeds the watermark payload into every frame's luma plane, in place (the keyed tile is
/// built once for the whole clip).
class WatermarkProcessor : public FrameProcessor {
 public:
  static StatusOr<std::unique_ptr<WatermarkProcessor>> Create(
      uint64_t payload, const WatermarkEmbedOptions& options);
  Status Process(YuvFrame& frame) override;

 private:
  explicit WatermarkProcessor(WatermarkEmbedder embedder) : embedder_(std::move(embedder)) {}
  WatermarkEmbedder embedder_;
};

}  // namespace aigcmark::video

#endif  // AIGCMARK_VIDEO_FRAME_PROCESSOR_H_
