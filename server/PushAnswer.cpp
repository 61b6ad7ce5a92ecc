#include "PushAnswer.h"

#include "StorageCodec.h"

namespace fieldsync::server {

QByteArray serializePushAnswer(const protocol::PushResponse& response, const QList<const EncodedRow*>& encodedRows)
{
    // A result the protocol writes itself is cut out of a one-result answer.
    static const QByteArray onePrefix = "{\"results\":[";
    static const QByteArray oneSuffix = "],\"server_hlc\":\"\"}";
    QByteArray out;
    out.reserve(128 + response.results.size() * 1400);
    if (!response.feedFrom.isEmpty() || !response.feedTo.isEmpty()) {
        out.append("{\"feed\":{\"from\":");
        protocol::appendJsonString(out, response.feedFrom);
        out.append(",\"to\":");
        protocol::appendJsonString(out, response.feedTo);
        out.append("},\"results\":[");
    } else {
        out.append(onePrefix);
    }
    for (qsizetype i = 0; i < response.results.size(); ++i) {
        const protocol::ChangeResult& r = response.results.at(i);
        if (i > 0)
            out.append(',');
        const EncodedRow* text = encodedRows.value(i);
        if (!text || !r.row || !r.conflicts.isEmpty() || !r.reason.isEmpty() || !r.reasonCode.isEmpty()) {
            protocol::PushResponse one;
            one.results.append(r);
            const QByteArray written = protocol::serialize(one);
            out.append(
                QByteArrayView(written).sliced(onePrefix.size(), written.size() - onePrefix.size() - oneSuffix.size()));
            continue;
        }
        // The members in the protocol writer's order: conflicts, op_id, row (authors, clocks, id, seq, table,
        // values), status.
        out.append("{\"conflicts\":[],\"op_id\":");
        protocol::appendJsonString(out, r.opId);
        out.append(",\"row\":{\"authors\":");
        out.append(text->authors);
        out.append(",\"clocks\":");
        out.append(text->clocks);
        out.append(",\"id\":");
        protocol::appendJsonString(out, r.row->id);
        out.append(",\"seq\":");
        out.append(QByteArray::number(r.row->seq));
        out.append(",\"table\":");
        protocol::appendJsonString(out, r.row->table);
        out.append(",\"values\":");
        out.append(text->values);
        out.append("},\"status\":");
        protocol::appendJsonString(out, protocol::toString(r.status));
        out.append('}');
    }
    out.append("],\"server_hlc\":");
    protocol::appendJsonString(out, response.serverHlc);
    out.append('}');
    return out;
}

} // namespace fieldsync::server
