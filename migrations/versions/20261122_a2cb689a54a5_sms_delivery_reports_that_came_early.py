"""sms: delivery reports that came before their message's id was saved, kept until it is

Revision ID: a2cb689a54a5
Revises: 9efe620ec9e1
Create Date: 2026-11-22 20:17:06.534342

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2cb689a54a5'
down_revision = '9efe620ec9e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sms_delivery_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_sid', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('error_code', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_delivery_reports'))
    )
    with op.batch_alter_table('sms_delivery_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_delivery_reports_provider_sid'), ['provider_sid'], unique=False)


def downgrade():
    with op.batch_alter_table('sms_delivery_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sms_delivery_reports_provider_sid'))

    op.drop_table('sms_delivery_reports')
