#pragma once

#include <QStyledItemDelegate>

namespace fieldsync {

// Paints the work-order list: status and priority as tinted pills in their accent colour
// (WorkOrderModel::ColorRole), everything else as usual with a little more breathing room.
class WorkOrderDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace fieldsync
