#pragma once

#include <QString>

namespace storage {

// What went wrong opening or writing the store, worded for the operator who must act on it.
struct StoreError
{
    QString message;
    bool isError() const { return !message.isEmpty(); }
};

} // namespace storage
