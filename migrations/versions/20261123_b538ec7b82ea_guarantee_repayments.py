"""Guarantee repayments

Revision ID: b538ec7b82ea
Revises: 26b68427619b
Create Date: 2026-11-23 01:08:24.777664

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b538ec7b82ea'
down_revision = '26b68427619b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('guarantee_repayments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guarantee_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_guarantee_repayments_amount_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_guarantee_repayments_created_by_id_users')),
    sa.ForeignKeyConstraint(['guarantee_id'], ['deposit_guarantees.id'], name=op.f('fk_guarantee_repayments_guarantee_id_deposit_guarantees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guarantee_repayments'))
    )
    with op.batch_alter_table('guarantee_repayments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guarantee_repayments_guarantee_id'), ['guarantee_id'], unique=False)



def downgrade():
    with op.batch_alter_table('guarantee_repayments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guarantee_repayments_guarantee_id'))

    op.drop_table('guarantee_repayments')
