"""stays: arrival to departure

Revision ID: 24cf5c908420
Revises: f5ceff64d91b
Create Date: 2026-11-22 16:13:03.805895

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '24cf5c908420'
down_revision = 'f5ceff64d91b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('hold_id', sa.Integer(), nullable=False),
    sa.Column('shelter_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('first_night', sa.Date(), nullable=False),
    sa.Column('last_night', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('destination', sa.String(length=20), nullable=False),
    sa.Column('hearing', sa.Text(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.CheckConstraint('last_night >= first_night', name=op.f('ck_stays_nights_in_order')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_stays_case_id_cases')),
    sa.ForeignKeyConstraint(['category_id'], ['place_categories.id'], name=op.f('fk_stays_category_id_place_categories')),
    sa.ForeignKeyConstraint(['hold_id'], ['holds.id'], name=op.f('fk_stays_hold_id_holds')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_stays_shelter_id_shelters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stays')),
    sa.UniqueConstraint('hold_id', name=op.f('uq_stays_hold_id'))
    )
    with op.batch_alter_table('stays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stays_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_stays_category_status_nights', ['category_id', 'status', 'first_night', 'last_night'], unique=False)
        batch_op.create_index(batch_op.f('ix_stays_shelter_id'), ['shelter_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stays_shelter_id'))
        batch_op.drop_index('ix_stays_category_status_nights')
        batch_op.drop_index(batch_op.f('ix_stays_case_id'))

    op.drop_table('stays')
