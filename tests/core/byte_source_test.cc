#include "core/byte_source.h"

#include <gtest/gtest.h>

#include "common/test_util.h"

namespace aigcmark {
namespace {

TEST(ByteSourceTest, FileAndMemoryAgreeAndBoundReads) {
  std::string path = test::OpenCvData("fruits.jpg");
  auto file = OpenFileSource(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto bytes = test::ReadBytes(path);
  auto mem = MemorySource(bytes.data(), bytes.size(), "mem");
  ASSERT_EQ((*file)->size(), mem->size());
  auto a = (*file)->Read(100, 50, 1 << 20);
  auto b = mem->Read(100, 50, 1 << 20);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  // Past the end: corrupt ("truncated"); above the allocation limit: refused before allocating.
  EXPECT_EQ(mem->Read(bytes.size() - 10, 11, 1 << 20).status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(mem->Read(0, 0xFFFFFFFFull, 1 << 20).status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(mem->Read(~0ull, 2, 1 << 20).status().code(), StatusCode::kCorrupt);
}

TEST(ByteSourceTest, OpenErrorsNameTheFile) {
  auto missing = OpenFileSource("/nonexistent/dir/clip.mp4");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("clip.mp4"), std::string::npos);
}

}  // namespace
}  // namespace aigcmark
