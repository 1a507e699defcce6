"""Cash deposits paid into a deposit account

Revision ID: b3aeb061be45
Revises: 68ad7c66e899
Create Date: 2026-11-23 02:50:21.201537

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3aeb061be45'
down_revision = '68ad7c66e899'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cash_deposits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('landlord_name', sa.String(length=120), nullable=False),
    sa.Column('landlord_address', sa.String(length=200), nullable=False),
    sa.Column('rental_address', sa.String(length=200), nullable=False),
    sa.Column('monthly_rent', sa.Integer(), nullable=False),
    sa.Column('lease_starts_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('tenant_share', sa.Integer(), nullable=False),
    sa.Column('account_number', sa.String(length=11), nullable=False),
    sa.Column('bank', sa.String(length=80), nullable=False),
    sa.Column('support', sa.String(length=10), nullable=False),
    sa.Column('support_justification', sa.Text(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.Column('returned', sa.Integer(), nullable=False),
    sa.Column('released_note', sa.Text(), nullable=False),
    sa.CheckConstraint('amount + tenant_share <= 6 * monthly_rent', name=op.f('ck_cash_deposits_at_most_six_months')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_cash_deposits_amount_positive')),
    sa.CheckConstraint('returned >= 0 AND returned <= amount', name=op.f('ck_cash_deposits_returned_at_most_paid')),
    sa.CheckConstraint('tenant_share >= 0', name=op.f('ck_cash_deposits_tenant_share_not_negative')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_cash_deposits_case_id_cases')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_cash_deposits_issued_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_cash_deposits_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_deposits'))
    )
    with op.batch_alter_table('cash_deposits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_deposits_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cash_deposits_municipality_id'), ['municipality_id'], unique=False)

    with op.batch_alter_table('guarantee_repayments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deposit_id', sa.Integer(), nullable=True))
        batch_op.alter_column('guarantee_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_guarantee_repayments_deposit_id'), ['deposit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_guarantee_repayments_deposit_id_cash_deposits'), 'cash_deposits', ['deposit_id'], ['id'])
        batch_op.create_check_constraint(
            batch_op.f('ck_guarantee_repayments_repays_one'), '(guarantee_id IS NULL) <> (deposit_id IS NULL)'
        )


def downgrade():
    with op.batch_alter_table('guarantee_repayments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_guarantee_repayments_repays_one'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_guarantee_repayments_deposit_id_cash_deposits'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_guarantee_repayments_deposit_id'))
        batch_op.alter_column('guarantee_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('deposit_id')

    with op.batch_alter_table('cash_deposits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_deposits_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_cash_deposits_case_id'))

    op.drop_table('cash_deposits')
