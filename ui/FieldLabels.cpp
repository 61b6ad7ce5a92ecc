#include "FieldLabels.h"

#include <QCoreApplication>
#include <QHash>

namespace fieldsync {

QString fieldLabel(const QString& field)
{
    static const QHash<QString, const char*> labels {
        { QStringLiteral("title"), QT_TRANSLATE_NOOP("FieldLabels", "Title") },
        { QStringLiteral("description"), QT_TRANSLATE_NOOP("FieldLabels", "Description") },
        { QStringLiteral("status"), QT_TRANSLATE_NOOP("FieldLabels", "Status") },
        { QStringLiteral("priority"), QT_TRANSLATE_NOOP("FieldLabels", "Priority") },
        { QStringLiteral("customer"), QT_TRANSLATE_NOOP("FieldLabels", "Customer") },
        { QStringLiteral("site"), QT_TRANSLATE_NOOP("FieldLabels", "Site") },
        { QStringLiteral("asset"), QT_TRANSLATE_NOOP("FieldLabels", "Asset") },
        { QStringLiteral("assigned_to"), QT_TRANSLATE_NOOP("FieldLabels", "Assigned to") },
        { QStringLiteral("due_at"), QT_TRANSLATE_NOOP("FieldLabels", "Due") },
        { QStringLiteral("notes"), QT_TRANSLATE_NOOP("FieldLabels", "Notes") },
        { QStringLiteral("created_at"), QT_TRANSLATE_NOOP("FieldLabels", "Created") },
        { QStringLiteral("deleted"), QT_TRANSLATE_NOOP("FieldLabels", "Deleted") },
    };
    const auto it = labels.constFind(field);
    return it == labels.constEnd() ? field : QCoreApplication::translate("FieldLabels", *it);
}

} // namespace fieldsync
