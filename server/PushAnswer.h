#pragma once

#include "Storage.h"

#include "sync/Protocol.h"

#include <QByteArray>
#include <QList>

namespace fieldsync::server {

// The answer to a push, byte for byte protocol::serialize(response), written with the stored text of the rows
// the push wrote: encodedRows[i], when not null, is the text of results[i].row as the back end stored it
// (values, clocks and authors), so those members are copied instead of encoded a second time. Results without
// such text, or with conflicts or a reason, are written by the protocol's own writer.
QByteArray serializePushAnswer(const protocol::PushResponse& response, const QList<const EncodedRow*>& encodedRows);

} // namespace fieldsync::server
